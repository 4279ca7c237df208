import { describe, expect, it } from 'vitest'
import { importCapture } from './pcap-import.ts'
import { formatCount } from './import-result.ts'
import { LinkType } from './link-layer.ts'
import { linkFrame, tcpPacket, type LinkOptions } from './packet-builder.ts'
import { PcapWriter } from './pcap-writer.ts'
import { messageSummary } from './testing/summary.ts'
import { scriptSegments, writeCapture, type CaptureScript, type ScriptedSegment } from './testing/websocket-capture.ts'

const script: CaptureScript = {
  steps: [
    { sender: 'client', text: 'a'.repeat(3000) },
    { sender: 'server', text: 'b'.repeat(3000) },
    { sender: 'client', text: 'c'.repeat(3000) },
    { sender: 'server', binary: new Uint8Array(4000).fill(7) },
  ],
  mss: 1000,
}
const expected = [
  ['client', 'text', 'a'.repeat(3000)],
  ['server', 'text', 'b'.repeat(3000)],
  ['client', 'text', 'c'.repeat(3000)],
  ['server', 'binary', '4000 bytes'],
]

function write(segments: ScriptedSegment[], linkType: number, options: LinkOptions = {}): Uint8Array {
  const writer = new PcapWriter({ linkType })
  for (const { spec, time } of segments) writer.packet(time, linkFrame(linkType, tcpPacket(spec), options))
  return writer.toBytes()
}

describe('link layers and IP versions', () => {
  const cases: [string, number, LinkOptions, boolean][] = [
    ['Ethernet', LinkType.ETHERNET, {}, false],
    ['Ethernet with stacked 802.1Q tags', LinkType.ETHERNET, { vlans: [10, 20] }, false],
    ['Linux cooked (SLL)', LinkType.LINUX_SLL, {}, false],
    ['Linux cooked (SLL2)', LinkType.LINUX_SLL2, {}, true],
    ['BSD loopback, little-endian family', LinkType.NULL, {}, false],
    ['BSD loopback, big-endian family', LinkType.NULL, { bigEndianFamily: true }, true],
    ['OpenBSD loopback', LinkType.LOOP, {}, true],
    ['raw IP', LinkType.RAW, {}, true],
    ['raw IPv4/IPv6 link types', LinkType.IPV4, {}, false],
  ]
  for (const [name, linkType, options, v6] of cases) {
    it(`decodes ${name} over ${v6 ? 'IPv6' : 'IPv4'}`, () => {
      const addresses = v6 ? { client: { address: 'fe80::1', port: 40000 }, server: { address: 'fe80::2:0:0:0', port: 9001 } } : {}
      const result = importCapture(write(scriptSegments({ ...script, ...addresses }), linkType, options))
      expect(result.errors).toEqual([])
      expect(result.warnings).toEqual([])
      expect(messageSummary(result.sessions[0])).toEqual(expected)
      expect(result.sessions[0].info.endpoints).toEqual(
        v6 ? { client: '[fe80::1]:40000', server: '[fe80::2:0:0:0]:9001' } : { client: '10.0.0.1:50000', server: '10.0.0.2:8080' },
      )
    })
  }

  it('finds an upgrade on any port, both sides of the handshake and the server-side deflate parameters', () => {
    const result = importCapture(
      writeCapture(scriptSegments({ ...script, server: { address: '192.168.1.9', port: 4321 }, extensions: 'permessage-deflate; server_no_context_takeover' })),
    )
    const [session] = result.sessions
    expect(messageSummary(session)).toEqual(expected)
    expect(session.messages.every((m) => m.compressed)).toBe(true)
    expect(session.info.url).toBe('ws://192.168.1.9:4321/chat')
    expect(session.info.extensions).toBe('permessage-deflate; server_no_context_takeover')
    expect(session.info.handshake?.response?.status).toBe(101)
    expect(result.connections[0]).toMatchObject({ kind: 'websocket', server: '192.168.1.9:4321', sessionIndex: 0 })
  })

  it('skips and counts unsupported link types, non-TCP packets and IP fragments', () => {
    const writer = new PcapWriter({ linkType: LinkType.ETHERNET })
    const ip = tcpPacket({ source: '10.0.0.1', destination: '10.0.0.2', sourcePort: 1, destinationPort: 2, seq: 0, payload: new Uint8Array(10) })
    const fragment = ip.slice()
    fragment[6] = 0x20 // more fragments
    const udp = ip.slice()
    udp[9] = 17
    const arp = linkFrame(LinkType.ETHERNET, ip).slice()
    arp[12] = 0x08
    arp[13] = 0x06
    writer.packet(0, linkFrame(LinkType.ETHERNET, fragment))
    writer.packet(0, linkFrame(LinkType.ETHERNET, udp))
    writer.packet(0, arp)
    const result = importCapture(writer.toBytes())
    expect(result.errors).toEqual([])
    expect(result.warnings).toEqual([
      '1 IP fragment skipped (first in the record at byte 24): fragmented IP packets are not reassembled, so their TCP bytes show as gaps',
      '1 IP packet other than TCP skipped (UDP, ICMP…)',
      '1 non-IP frame skipped (ARP and the like)',
    ])
    const other = new PcapWriter({ linkType: 147 })
    other.packet(0, ip)
    expect(importCapture(other.toBytes()).warnings[0]).toMatch(/^1 packet of link type 147 skipped/)
  })
})

describe('TCP reassembly', () => {
  const segments = () => scriptSegments(script)
  /** Indexes of the data segments of one side (the handshake's 3 segments carry none). */
  const dataOf = (list: ScriptedSegment[], side: 'client' | 'server') =>
    list.flatMap((s, i) => ((s.spec.sourcePort === 50000) === (side === 'client') && s.spec.payload?.length ? [i] : []))

  it('puts out-of-order segments back in order', () => {
    const list = segments()
    const server = dataOf(list, 'server')
    // Reverse the server's segments of the first text message.
    const reordered = [...list]
    ;[reordered[server[1]], reordered[server[3]]] = [list[server[3]], list[server[1]]]
    const result = importCapture(writeCapture(reordered))
    expect(messageSummary(result.sessions[0])).toEqual(expected)
    expect(result.sessions[0].info.notes).toEqual([])
  })

  it('keeps the first-seen bytes of retransmitted and overlapping segments, and says when they differ', () => {
    const list = segments()
    const client = dataOf(list, 'client')
    const original = list[client[2]]
    const payload = original.spec.payload!
    const liar = { ...original, spec: { ...original.spec, payload: payload.map((b) => b ^ 0x20) } }
    // An overlapping segment that covers the second half of one segment and the first of the next.
    const next = list[client[3]].spec.payload!
    const overlap = {
      ...original,
      spec: { ...original.spec, seq: original.spec.seq + 500, payload: new Uint8Array([...payload.subarray(500), ...next.subarray(0, 200)]) },
    }
    const mangled = [...list]
    mangled.splice(client[2] + 1, 0, liar, overlap, { ...original })
    const result = importCapture(writeCapture(mangled))
    expect(messageSummary(result.sessions[0])).toEqual(expected)
    expect(result.sessions[0].info.notes).toEqual([
      `client → server: ${formatCount(payload.length)} retransmitted bytes differ from the bytes first seen (from the segment at stream offset ${formatCount(original.spec.seq - 1001)}); the first-seen bytes were kept`,
    ])
  })

  it('keeps first-seen bytes among segments that wait for a hole too', () => {
    const list = segments()
    const client = dataOf(list, 'client')
    const later = list[client[3]]
    const conflicting = { ...later, spec: { ...later.spec, payload: later.spec.payload!.map(() => 0x41) } }
    const mangled = [...list]
    // The hole: client[2] arrives after client[3] and a conflicting copy of client[3].
    mangled.splice(client[2], 1)
    mangled.splice(mangled.indexOf(later) + 1, 0, conflicting, list[client[2]])
    const result = importCapture(writeCapture(mangled))
    expect(messageSummary(result.sessions[0])).toEqual(expected)
    expect(result.sessions[0].info.notes[0]).toMatch(/^client → server: [\d,]+ retransmitted bytes differ/)
  })

  it('reads handshakes and frames cut into tiny segments', () => {
    const result = importCapture(writeCapture(scriptSegments({ ...script, mss: 7, extensions: 'permessage-deflate' })))
    expect(messageSummary(result.sessions[0])).toEqual(expected)
    expect(result.sessions[0].info.handshake?.response?.status).toBe(101)
  })

  it('handles sequence numbers wrapping around 2^32', () => {
    const result = importCapture(writeCapture(scriptSegments({ ...script, clientIsn: 0xffffffff - 2500, serverIsn: 0xfffffff0 })))
    expect(messageSummary(result.sessions[0])).toEqual(expected)
  })

  it('reports a lost segment with its size, keeps the message it cut, marked, and decodes that direction on from the next frame', () => {
    const list = segments()
    const server = dataOf(list, 'server')
    const lost = list[server[2]] // inside the server's text message
    const result = importCapture(writeCapture(list.filter((s) => s !== lost)))
    const [session] = result.sessions
    expect(messageSummary(session)).toEqual([expected[0], ['server', 'text', 'b'.repeat(996)], expected[2], expected[3]])
    expect(session.messages.map((m) => m.gap)).toEqual([undefined, 'cut', undefined, undefined])
    // The cut message is dated by its last captured packet, not by the packet after the gap.
    expect(session.messages[1].t).toBe(list[server[1]].time)
    const at = lost.spec.seq - 5001
    // The text frame is 3,004 bytes (from the 101's end); the binary one starts after it.
    const next = at - 1000 + 3004
    expect(session.info.notes).toEqual([
      `server → client: 1,000 bytes missing at stream offset ${formatCount(at)} (not captured), before the packet captured at ${new Date(list[server[3]].time).toISOString()}; WebSocket decoding resumed at stream offset ${formatCount(next)}, skipping 1,004 bytes after the gap to reach the first frame boundary found`,
    ])
  })

  it('starts a stream at the first segment seen when the capture has no SYN', () => {
    const list = segments().slice(3)
    const result = importCapture(writeCapture(list))
    expect(messageSummary(result.sessions[0])).toEqual(expected)
  })

  it('tells a new connection on reused ports from a retransmitted SYN', () => {
    const first = segments()
    const again = scriptSegments({ ...script, clientIsn: 777777 }).map((s) => ({ ...s, time: s.time + 1000 }))
    const withRetransmittedSyn = [first[0], ...first, ...again]
    const result = importCapture(writeCapture(withRetransmittedSyn))
    expect(result.sessions).toHaveLength(2)
    expect(result.sessions.map(messageSummary)).toEqual([expected, expected])
  })
})
