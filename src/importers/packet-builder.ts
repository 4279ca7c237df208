/**
 * Builds captured packets: TCP segments in IPv4 or IPv6, wrapped in any link layer the
 * importer reads, and whole TCP conversations cut into segments. For tests and the
 * benchmark, which need captures whose every byte is known. Checksums are left zero: the
 * importer, like Wireshark by default, does not verify them.
 */
import { LinkType } from './link-layer.ts'
import { u8 } from './byte-fields.ts'

export interface TcpPacketSpec {
  source: string
  destination: string
  sourcePort: number
  destinationPort: number
  seq: number
  ack?: number
  syn?: boolean
  fin?: boolean
  rst?: boolean
  payload?: Uint8Array
}

/** An IPv4 or IPv6 packet (by the address form) holding one TCP segment. */
export function tcpPacket(spec: TcpPacketSpec): Uint8Array {
  const payload = spec.payload ?? new Uint8Array(0)
  const v6 = spec.source.includes(':')
  const ipHeader = v6 ? 40 : 20
  const out = new Uint8Array(ipHeader + 20 + payload.length)
  const tcpLength = 20 + payload.length
  if (v6) {
    out[0] = 0x60
    put16(out, 4, tcpLength)
    out[6] = 6
    out[7] = 64
    out.set(parseAddress(spec.source), 8)
    out.set(parseAddress(spec.destination), 24)
  } else {
    out[0] = 0x45
    put16(out, 2, out.length)
    out[6] = 0x40 // don't fragment
    out[8] = 64
    out[9] = 6
    out.set(parseAddress(spec.source), 12)
    out.set(parseAddress(spec.destination), 16)
  }
  const t = ipHeader
  put16(out, t, spec.sourcePort)
  put16(out, t + 2, spec.destinationPort)
  put32(out, t + 4, spec.seq >>> 0)
  put32(out, t + 8, (spec.ack ?? 0) >>> 0)
  out[t + 12] = 5 << 4
  out[t + 13] = (spec.fin ? 0x01 : 0) | (spec.syn ? 0x02 : 0) | (spec.rst ? 0x04 : 0) | (spec.ack !== undefined ? 0x10 : 0) | (payload.length ? 0x08 : 0)
  put16(out, t + 14, 65535)
  out.set(payload, t + 20)
  return out
}

export interface LinkOptions {
  /** Ethernet: 802.1Q VLAN ids to tag the frame with, outermost first. */
  vlans?: number[]
  /** NULL (BSD loopback): write the address family big-endian, as on a big-endian host. */
  bigEndianFamily?: boolean
}

/** Wraps an IP packet in the link layer of `linkType`. */
export function linkFrame(linkType: number, ip: Uint8Array, options: LinkOptions = {}): Uint8Array {
  const etherType = u8(ip, 0) >> 4 === 6 ? 0x86dd : 0x0800
  let header: Uint8Array
  switch (linkType) {
    case LinkType.ETHERNET: {
      const vlans = options.vlans ?? []
      header = new Uint8Array(14 + 4 * vlans.length)
      header.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1])
      let p = 12
      for (const vlan of vlans) {
        put16(header, p, 0x8100)
        put16(header, p + 2, vlan)
        p += 4
      }
      put16(header, p, etherType)
      break
    }
    case LinkType.LINUX_SLL:
      header = new Uint8Array(16)
      put16(header, 2, 772) // ARPHRD_LOOPBACK
      put16(header, 4, 6)
      put16(header, 14, etherType)
      break
    case LinkType.LINUX_SLL2:
      header = new Uint8Array(20)
      put16(header, 0, etherType)
      put32(header, 4, 1) // interface index
      put16(header, 8, 772)
      header[11] = 6
      break
    case LinkType.NULL:
    case LinkType.LOOP: {
      const family = etherType === 0x86dd ? 30 : 2
      header = new Uint8Array(4)
      if (linkType === LinkType.LOOP || options.bigEndianFamily) put32(header, 0, family)
      else header[0] = family
      break
    }
    default:
      return ip
  }
  const out = new Uint8Array(header.length + ip.length)
  out.set(header)
  out.set(ip, header.length)
  return out
}

export interface Endpoint {
  address: string
  port: number
}

/**
 * A TCP connection as segments: the three-way handshake, data cut to the MSS with sequence
 * numbers advancing per side, and FINs. Segments are specs so tests can reorder, repeat or
 * overlap them before encoding.
 */
export class TcpConversation {
  private readonly next: { client: number; server: number }

  constructor(
    readonly client: Endpoint,
    readonly server: Endpoint,
    private readonly options: { clientIsn?: number; serverIsn?: number; mss?: number } = {},
  ) {
    this.next = { client: options.clientIsn ?? 1000, server: options.serverIsn ?? 5000 }
  }

  handshake(): TcpPacketSpec[] {
    const c = this.next.client
    const s = this.next.server
    this.next.client = (c + 1) >>> 0
    this.next.server = (s + 1) >>> 0
    return [
      { ...this.from('client'), seq: c, syn: true },
      { ...this.from('server'), seq: s, ack: this.next.client, syn: true },
      { ...this.from('client'), seq: this.next.client, ack: this.next.server },
    ]
  }

  /** The bytes as segments of at most `mss` bytes (default 1460). */
  send(sender: 'client' | 'server', bytes: Uint8Array): TcpPacketSpec[] {
    const mss = this.options.mss ?? 1460
    const out: TcpPacketSpec[] = []
    for (let p = 0; p < bytes.length; p += mss) {
      const payload = bytes.subarray(p, Math.min(bytes.length, p + mss))
      out.push({ ...this.from(sender), seq: this.next[sender], ack: this.next[other(sender)], payload })
      this.next[sender] = (this.next[sender] + payload.length) >>> 0
    }
    return out
  }

  fin(sender: 'client' | 'server'): TcpPacketSpec {
    const spec = { ...this.from(sender), seq: this.next[sender], ack: this.next[other(sender)], fin: true }
    this.next[sender] = (this.next[sender] + 1) >>> 0
    return spec
  }

  private from(sender: 'client' | 'server'): Pick<TcpPacketSpec, 'source' | 'destination' | 'sourcePort' | 'destinationPort'> {
    const [a, b] = sender === 'client' ? [this.client, this.server] : [this.server, this.client]
    return { source: a.address, destination: b.address, sourcePort: a.port, destinationPort: b.port }
  }
}

function other(sender: 'client' | 'server'): 'client' | 'server' {
  return sender === 'client' ? 'server' : 'client'
}

/** "10.0.0.1" → 4 bytes; "::1", "fe80::1:2" → 16 bytes. */
export function parseAddress(text: string): Uint8Array {
  if (!text.includes(':')) return new Uint8Array(text.split('.').map(Number))
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null]
  const groups = (s: string | null) => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  const front = groups(head)
  const back = groups(tail)
  const all = tail === null ? front : [...front, ...new Array(8 - front.length - back.length).fill(0), ...back]
  const out = new Uint8Array(16)
  all.forEach((g, i) => put16(out, 2 * i, g))
  return out
}

function put16(bytes: Uint8Array, p: number, value: number): void {
  bytes[p] = value >>> 8
  bytes[p + 1] = value & 0xff
}

function put32(bytes: Uint8Array, p: number, value: number): void {
  bytes[p] = value >>> 24
  bytes[p + 1] = (value >>> 16) & 0xff
  bytes[p + 2] = (value >>> 8) & 0xff
  bytes[p + 3] = value & 0xff
}
