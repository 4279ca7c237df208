/**
 * Derives the hand-corrupted capture fixtures from the recorded ones (record-fixtures.sh runs
 * it): a pcapng cut in the middle of a block, a pcapng with an impossible block length, and
 * classic pcaps whose TCP segments are reordered, repeated, overlapping, contradicting each
 * other or missing. The importer's tests say what each must give.
 *
 *   node --import tsx scripts/corrupt-fixtures.ts src/importers/testdata
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { PcapReader } from '../src/importers/pcap-file.ts'
import { ipStart, LinkType } from '../src/importers/link-layer.ts'
import { newIpPacket, parseIp } from '../src/importers/ip.ts'
import { newTcpSegment, parseTcp } from '../src/importers/tcp-header.ts'
import { linkFrame, tcpPacket, type TcpPacketSpec } from '../src/importers/packet-builder.ts'
import { PcapWriter } from '../src/importers/pcap-writer.ts'

const dir = process.argv[2] ?? 'src/importers/testdata'
const SERVER_PORT = 18081

// A pcapng cut 60% of the way through: the block there is truncated.
const pcapng = readFileSync(`${dir}/ws-plain.pcapng`)
writeFileSync(`${dir}/truncated.pcapng`, pcapng.subarray(0, Math.floor(pcapng.length * 0.6)))

// The 12th block's length set to 8, below the 12-byte minimum (tshark writes little-endian).
const bad = Uint8Array.from(pcapng)
const view = new DataView(bad.buffer)
let at = 0
for (let i = 0; i < 11; i++) at += view.getUint32(at + 4, true)
view.setUint32(at + 4, 8, true)
writeFileSync(`${dir}/bad-block-length.pcapng`, bad)

interface Packet {
  time: number
  spec: TcpPacketSpec
  fromServer: boolean
}

/** The packets of the classic-pcap fixture as TCP specs (all are Ethernet/IPv4/TCP). */
function readPackets(file: string): Packet[] {
  const packets: Packet[] = []
  const ip = newIpPacket()
  const tcp = newTcpSegment()
  const reader = new PcapReader(
    (p) => {
      const start = ipStart(p.linkType, p.bytes, p.start, p.end)
      parseIp(p.bytes, start, p.end, ip)
      parseTcp(p.bytes, ip.payloadStart, ip.payloadEnd, tcp)
      const b = p.bytes
      const t = ip.payloadStart
      packets.push({
        time: p.time,
        fromServer: tcp.sourcePort === SERVER_PORT,
        spec: {
          source: ip.source,
          destination: ip.destination,
          sourcePort: tcp.sourcePort,
          destinationPort: tcp.destinationPort,
          seq: tcp.seq,
          ack: tcp.ack ? ((b[t + 8] << 24) | (b[t + 9] << 16) | (b[t + 10] << 8) | b[t + 11]) >>> 0 : undefined,
          syn: tcp.syn,
          fin: tcp.fin,
          rst: tcp.rst,
          payload: b.slice(tcp.payloadStart, tcp.payloadEnd),
        },
      })
    },
    (message) => {
      throw new Error(message)
    },
  )
  // A plain Uint8Array, not a Buffer: Buffer#slice makes views, and the segments are edited below.
  reader.push(new Uint8Array(readFileSync(file)))
  reader.finish()
  return packets
}

function write(file: string, packets: Packet[]): void {
  const writer = new PcapWriter({ linkType: LinkType.ETHERNET })
  for (const p of packets) writer.packet(p.time, linkFrame(LinkType.ETHERNET, tcpPacket(p.spec)))
  writeFileSync(`${dir}/${file}`, writer.toBytes())
}

const original = readPackets(`${dir}/ws-plain.pcap`)
const data = (fromServer: boolean) => original.filter((p) => p.fromServer === fromServer && p.spec.payload!.length > 0)
const [c, s] = [data(false), data(true)]

// Reordered, repeated, overlapping and contradicting segments: the same messages must come out.
const mangled = [...original]
const move = (packet: Packet, after: Packet) => {
  mangled.splice(mangled.indexOf(packet), 1)
  mangled.splice(mangled.indexOf(after) + 1, 0, packet)
}
move(s[1], s[2]) // server's 2nd data segment arrives after its 3rd
mangled.splice(mangled.indexOf(c[4]) + 1, 0, { ...c[2], time: c[4].time }) // client's 3rd segment again, later
const overlapped = s[3]
const n = overlapped.spec.payload!.length
const cut = (from: number, to: number): Packet => ({
  ...overlapped,
  spec: { ...overlapped.spec, seq: (overlapped.spec.seq + from) >>> 0, payload: overlapped.spec.payload!.subarray(from, to) },
})
mangled.splice(mangled.indexOf(overlapped), 1, cut(0, Math.ceil((2 * n) / 3)), cut(Math.floor(n / 3), n))
const liar = c[5].spec.payload!.slice()
liar[0] ^= 0xff
mangled.splice(mangled.indexOf(c[5]) + 1, 0, { ...c[5], spec: { ...c[5].spec, payload: liar } }) // a retransmission with different bytes
write('tcp-mangled.pcap', mangled)

// A server segment never captured: the server's later frames cannot be decoded.
write(
  'tcp-gap.pcap',
  original.filter((p) => p !== s[3]),
)
console.log(`wrote truncated.pcapng, bad-block-length.pcapng, tcp-mangled.pcap, tcp-gap.pcap in ${dir}`)
