import { describe, expect, it } from 'vitest'
import { CaptureImporter, importCapture } from './pcap-import.ts'
import { LinkType } from './link-layer.ts'
import { linkFrame, tcpPacket } from './packet-builder.ts'
import { PcapngBuilder } from './testing/pcapng-builder.ts'
import { messageSummary } from './testing/summary.ts'
import { exportHar } from './har-export.ts'
import { scriptSegments, START, writeCapture, type CaptureScript } from './testing/websocket-capture.ts'

const script: CaptureScript = {
  steps: [
    { sender: 'client', text: 'hello' },
    { sender: 'server', binary: new Uint8Array([1, 2, 3]) },
    { sender: 'client', close: 1000, reason: 'bye' },
    { sender: 'server', close: 1000 },
  ],
}
const expected = [
  ['client', 'text', 'hello'],
  ['server', 'binary', '3 bytes'],
  ['client', 'close', '1000 bye'],
  ['server', 'close', '1000 '],
]

describe('classic pcap', () => {
  for (const littleEndian of [true, false]) {
    for (const nanoseconds of [false, true]) {
      it(`reads ${littleEndian ? 'little' : 'big'}-endian files with ${nanoseconds ? 'nano' : 'micro'}second timestamps`, () => {
        const segments = scriptSegments(script).map((s, i) => ({ ...s, time: START + i * 1.5 + 0.000123 }))
        const result = importCapture(writeCapture(segments, { littleEndian, nanoseconds }))
        expect(result.errors).toEqual([])
        expect(result.format).toBe('pcap')
        const [session] = result.sessions
        expect(messageSummary(session)).toEqual(expected)
        // The text message completes in the 6th packet (handshake 3, request, response, frame).
        const precision = nanoseconds ? 1e-6 : 1e-3
        expect(Math.abs(session.messages[0].t - segments[5].time)).toBeLessThan(precision)
        expect(session.info.createdAt).toBeCloseTo(segments[0].time, 3)
      })
    }
  }

  it('reports a truncated record with sizes and keeps the packets before it', () => {
    const whole = writeCapture(scriptSegments(script))
    const cut = whole.subarray(0, whole.length - 30)
    const result = importCapture(cut)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0].message).toMatch(/^truncated packet record at byte [\d,]+: \d+ bytes declared, \d+ present$/)
    expect(result.sessions[0].messages.length).toBeGreaterThanOrEqual(3)
  })

  it('refuses an implausible record length and keeps what came before', () => {
    const bytes = writeCapture(scriptSegments(script)).slice()
    // The 7th record's captured length (records follow the 24-byte header).
    let p = 24
    for (let i = 0; i < 6; i++) p += 16 + new DataView(bytes.buffer).getUint32(p + 8, true)
    new DataView(bytes.buffer).setUint32(p + 8, 0x7fffffff, true)
    const result = importCapture(bytes)
    expect(result.errors[0]).toEqual({
      message: `packet record at byte ${p.toLocaleString('en-US')} declares 2,147,483,647 captured bytes, more than any packet (the file is corrupt from here)`,
      offset: p,
    })
    expect(messageSummary(result.sessions[0])).toEqual([['client', 'text', 'hello']])
  })

  it('gives the same result pushed in chunks of any size as whole, with progress', () => {
    const bytes = writeCapture(scriptSegments({ steps: Array.from({ length: 12 }, (_, i) => ({ sender: 'server' as const, text: 'x'.repeat(i * 997) })) }))
    const whole = importCapture(bytes)
    for (const size of [1, 7, 100, 4096]) {
      const progress: number[] = []
      const importer = new CaptureImporter({ totalBytes: bytes.length, onProgress: (done) => progress.push(done) })
      for (let p = 0; p < bytes.length; p += size) importer.push(bytes.subarray(p, p + size))
      const chunked = importer.finish()
      expect(messageSummary(chunked.sessions[0])).toEqual(messageSummary(whole.sessions[0]))
      expect(chunked.sessions[0].frames.map((f) => [f.header, f.payload])).toEqual(whole.sessions[0].frames.map((f) => [f.header, f.payload]))
      expect(progress.at(-1)).toBe(bytes.length)
    }
  })
})

describe('pcapng', () => {
  const packets = () => scriptSegments(script).map(({ spec }) => tcpPacket(spec))

  for (const littleEndian of [true, false]) {
    it(`reads ${littleEndian ? 'little' : 'big'}-endian sections with two interfaces of different link types and resolutions`, () => {
      const builder = new PcapngBuilder(littleEndian)
        .interface(LinkType.ETHERNET) // microseconds (default)
        .interface(LinkType.RAW, { tsresol: 9 }) // nanoseconds
        .block(0x00000bad, new Uint8Array(8)) // unknown: skipped
      packets().forEach((ip, i) => {
        const ms = START + i
        if (i % 2) builder.enhanced(1, BigInt(ms) * 1_000_000n, linkFrame(LinkType.RAW, ip))
        else builder.enhanced(0, BigInt(ms) * 1000n, linkFrame(LinkType.ETHERNET, ip))
      })
      const result = importCapture(builder.toBytes())
      expect(result.errors).toEqual([])
      expect(result.format).toBe('pcapng')
      expect(messageSummary(result.sessions[0])).toEqual(expected)
      expect(result.sessions[0].messages[0].t).toBe(START + 5)
      expect(result.warnings).toContain('1 pcapng block of type 0x00000bad skipped (not packet data)')
    })
  }

  it('reads binary (2^-n) resolutions, if_tsoffset, obsolete Packet Blocks and Simple Packet Blocks', () => {
    const builder = new PcapngBuilder().interface(LinkType.ETHERNET, { tsresol: 0x80 | 10, tsoffsetSeconds: 1000 })
    const all = packets()
    all.forEach((ip, i) => {
      const frame = linkFrame(LinkType.ETHERNET, ip)
      if (i === all.length - 1) builder.simple(frame)
      else if (i % 2) builder.obsolete(0, BigInt(i) * 1024n, frame)
      else builder.enhanced(0, BigInt(i) * 1024n, frame)
    })
    const result = importCapture(builder.toBytes())
    expect(result.errors).toEqual([])
    expect(messageSummary(result.sessions[0])).toEqual(expected)
    // 1024 units of 2^-10 s = 1 s per packet, plus the 1000 s offset.
    expect(result.sessions[0].messages[0].t).toBe(1_000_000 + 5000)
    expect(result.warnings.some((w) => w.startsWith('no timestamp in 1 simple packet block'))).toBe(true)
  })

  it('imports a capture whose timestamps go beyond the range of dates, with a warning, and exports it', () => {
    const builder = new PcapngBuilder().interface(LinkType.ETHERNET)
    packets().forEach((ip, i) => {
      // The first two packets claim 2^63 microseconds (292,000 years): beyond what a Date holds.
      const units = i < 2 ? 1n << 63n : BigInt(START + i) * 1000n
      builder.enhanced(0, units, linkFrame(LinkType.ETHERNET, ip))
    })
    const result = importCapture(builder.toBytes())
    expect(result.errors).toEqual([])
    expect(messageSummary(result.sessions[0])).toEqual(expected)
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        /^2 packets with a timestamp beyond the range of dates \(first in the record at byte [\d,]+\): each was given the time of the packet before it$/,
      ),
    )
    const times = [result.sessions[0].info.createdAt, ...result.sessions[0].messages.map((m) => m.t)]
    for (const t of times) expect(Number.isNaN(new Date(t).getTime())).toBe(false)
    expect(exportHar(result.sessions).log.entries).toHaveLength(1)
  })

  it('reports a block length below the minimum, with the block and its offset, and keeps the blocks before', () => {
    const builder = new PcapngBuilder().interface(LinkType.ETHERNET)
    packets().forEach((ip, i) => builder.enhanced(0, BigInt(START + i) * 1000n, linkFrame(LinkType.ETHERNET, ip)))
    const bytes = builder.toBytes().slice()
    const view = new DataView(bytes.buffer)
    let p = 0
    for (let i = 0; i < 8; i++) p += view.getUint32(p + 4, true)
    view.setUint32(p + 4, 8, true)
    const result = importCapture(bytes)
    expect(result.errors).toEqual([
      { message: `pcapng enhanced packet block at byte ${p.toLocaleString('en-US')}: block length 8 is shorter than the 12-byte minimum`, offset: p },
    ])
    expect(messageSummary(result.sessions[0])).toEqual([['client', 'text', 'hello']])
  })

  it('reports mismatched trailing lengths and unknown interfaces', () => {
    const good = new PcapngBuilder().interface(LinkType.ETHERNET).enhanced(3, 0n, new Uint8Array(20)).toBytes()
    expect(importCapture(good).errors[0].message).toMatch(
      /^pcapng enhanced packet block at byte 48: interface 3 is not described by any interface description block before it; block skipped$/,
    )
    const bad = good.slice()
    bad[bad.length - 4] ^= 1
    expect(importCapture(bad).errors[0].message).toMatch(/trailing block length 53 does not match the leading 52/)
  })
})
