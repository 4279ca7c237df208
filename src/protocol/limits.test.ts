/**
 * What one connection direction can make the decoder hold is bounded: by the message limit
 * (which counts compressed bytes on the wire as well as inflated ones), the fragment limit and
 * the caps on payloads kept for display. The tests assert on what is retained, never on time.
 */
import { describe, expect, it } from 'vitest'
import { StreamDecoder, type StreamDecoderOptions } from './stream-decoder.ts'
import { DEFAULT_DISPLAY_LIMITS } from './frame-display.ts'
import type { DeflateParams } from './permessage-deflate-params.ts'
import type { Finding } from './findings.ts'
import type { FrameRecord } from './frame-parser.ts'
import { decodeCapture } from './decode-report.ts'

const DEFLATE: DeflateParams = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 15, clientMaxWindowBits: 15 }
const CHUNK = 64 * 1024
/** An empty stored deflate block: inflates to nothing. */
const EMPTY_BLOCK = [0x00, 0x00, 0x00, 0xff, 0xff]

/** `count` copies of `unit` in one array. */
function repeat(unit: readonly number[], count: number): Uint8Array {
  const out = new Uint8Array(unit.length * count)
  for (let i = 0; i < count; i++) out.set(unit, i * unit.length)
  return out
}

/** Feeds `parts` in 64 KiB chunks, dropping events as a relay would, and tracks the most retained. */
function feed(decoder: StreamDecoder, parts: Uint8Array[]) {
  let peak = { messageBytes: 0, messageArrays: 0, displayBytes: 0 }
  const findings: Finding[] = []
  const frames: FrameRecord[] = []
  for (const part of parts) {
    for (let p = 0; p < part.length && !decoder.stopped; p += CHUNK) {
      decoder.receiveData(part.subarray(p, p + CHUNK))
      const r = decoder.retained
      peak = {
        messageBytes: Math.max(peak.messageBytes, r.messageBytes),
        messageArrays: Math.max(peak.messageArrays, r.messageArrays),
        displayBytes: Math.max(peak.displayBytes, r.displayBytes),
      }
      for (const e of decoder.eventsReceived()) {
        if (e.kind === 'finding') findings.push(e.finding)
        else if (e.kind === 'frame' && frames.length < 3) frames.push(e)
      }
    }
  }
  return { peak, findings, frames, error: decoder.error }
}

/** A masked RSV1 text frame (key 0) announcing 2^50 payload bytes. */
const HUGE_COMPRESSED_HEADER = Uint8Array.of(0xc1, 0xff, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0)

describe('a compressed frame announcing 2^50 bytes, followed by empty deflate blocks', () => {
  const blocks = repeat(EMPTY_BLOCK, 4_000_000) // 20 MB that inflate to nothing

  it('is refused at its header with 1009: compressed bytes count against the limit', () => {
    const decoder = new StreamDecoder({ from: 'client', deflate: DEFLATE, keepFramePayloads: true, maxPayload: 16 * 1024 * 1024 })
    const { peak, error } = feed(decoder, [HUGE_COMPRESSED_HEADER, blocks])
    expect(error).toMatchObject({ code: 'message.too-big', closeCode: 1009, offset: 0 })
    expect(peak).toEqual({ messageBytes: 0, messageArrays: 0, displayBytes: 0 })
  })

  it('without a message limit, holds no more than the display cap while the blocks stream through', () => {
    const decoder = new StreamDecoder({ from: 'client', deflate: DEFLATE, keepFramePayloads: true, maxPayload: 0 })
    const { peak, error } = feed(decoder, [HUGE_COMPRESSED_HEADER, blocks])
    expect(error).toBeNull()
    expect(peak.messageBytes).toBe(0)
    expect(peak.displayBytes).toBe(DEFAULT_DISPLAY_LIMITS.frameBytes)
  })

  it('sent as millions of 5-byte fragments instead, trips the message limit on their wire bytes', () => {
    const first = Uint8Array.of(0x41, 0x85, 0, 0, 0, 0, ...EMPTY_BLOCK) // RSV1 text, FIN 0, masked
    const continuation = repeat([0x00, 0x85, 0, 0, 0, 0, ...EMPTY_BLOCK], 1_000_000)
    const decoder = new StreamDecoder({ from: 'client', deflate: DEFLATE, keepFramePayloads: true, maxFragments: 0, maxPayload: 1024 * 1024 })
    const { peak, error } = feed(decoder, [first, continuation])
    expect(error).toMatchObject({ code: 'message.too-big', closeCode: 1009 })
    expect(peak.messageBytes).toBe(0)
    expect(peak.displayBytes).toBeLessThanOrEqual(5)
  })
})

describe('one message in millions of 1-byte fragments', () => {
  const first = Uint8Array.of(0x02, 0x81, 0, 0, 0, 0, 0x61) // binary, FIN 0, masked, 1 byte
  const continuations = repeat([0x00, 0x81, 0, 0, 0, 0, 0x62], 2_000_000)

  it('ends with 1009 at the fragment limit', () => {
    const decoder = new StreamDecoder({ from: 'client', keepFramePayloads: true })
    const { peak, error } = feed(decoder, [first, continuations])
    expect(error).toMatchObject({ code: 'message.too-many-fragments', closeCode: 1009 })
    expect(peak.messageBytes).toBeLessThanOrEqual(100_000)
    expect(peak.messageArrays).toBeLessThanOrEqual(16 + Math.ceil(100_000 / (16 * 1024)) + 2)
  })

  it('without a fragment limit, holds its bytes in a few blocks, not an array per fragment', () => {
    const decoder = new StreamDecoder({ from: 'client', maxFragments: 0, maxPayload: 0 })
    const { peak, error } = feed(decoder, [first, continuations])
    expect(error).toBeNull()
    expect(peak.messageBytes).toBeGreaterThan(1_900_000)
    // 16 pieces kept as they came, then 16 KiB blocks
    expect(peak.messageArrays).toBeLessThanOrEqual(16 + Math.ceil(2_000_001 / (16 * 1024)) + 2)
  })

  it('keeps at most the per-message display cap over all its frames, and marks the frames it cut', () => {
    const options: StreamDecoderOptions = { from: 'client', keepFramePayloads: true, displayLimits: { frameBytes: 4, messageBytes: 2 } }
    const decoder = new StreamDecoder(options)
    decoder.receiveData(Uint8Array.of(0x02, 0x81, 0, 0, 0, 0, 0x61, 0x00, 0x81, 0, 0, 0, 0, 0x62, 0x80, 0x81, 0, 0, 0, 0, 0x63))
    const frames = decoder.eventsReceived().filter((e) => e.kind === 'frame')
    expect(frames.map((f) => [f.payload?.length, f.payloadCut ?? false])).toEqual([
      [1, false],
      [1, false],
      [0, true],
    ])
  })
})

describe('the message limit is on data after decompression', () => {
  // RFC 7692 §7.2.3.1: "Hello" compressed is 7 bytes on the wire, 5 after inflation.
  const hello = Uint8Array.of(0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00)

  it('passes a compressed message at the limit although its wire bytes are more', () => {
    const report = decodeCapture(hello, { from: 'server', extensions: 'permessage-deflate', maxPayload: 5 })
    expect(report.error).toBeNull()
    expect(report.messages).toHaveLength(1)
  })

  it('refuses it one byte under the limit, with 1009', () => {
    const report = decodeCapture(hello, { from: 'server', extensions: 'permessage-deflate', maxPayload: 4 })
    expect(report.error).toMatchObject({ closeCode: 1009 })
  })
})
