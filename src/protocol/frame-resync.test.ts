import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { concatBytes, fromHex } from './bytes.ts'
import { encodeFrame } from './encoder.ts'
import { FrameResync, RESYNC_CHAIN, RESYNC_LOOKAHEAD, type ResyncContext, type ResyncResult } from './frame-resync.ts'

const server: ResyncContext = { sender: 'server', deflate: false }
const hex = (s: string) => fromHex(s.replace(/\s+/g, ''))!
const text = (n: number, fin = true, opcode = 1) => encodeFrame({ opcode, fin, payload: new Uint8Array(n).fill(0x61) })

/** Scans `bytes` (after a gap at stream offset 100) pushed in chunks of `chunk` bytes, then as final. */
function scan(bytes: Uint8Array, context = server, chunk = bytes.length || 1): { result: ResyncResult; resync: FrameResync } {
  const resync = new FrameResync(context, 100)
  for (let p = 0; p < bytes.length; p += chunk) {
    resync.push(bytes.subarray(p, p + chunk))
    const result = resync.scan(false)
    if (result.kind !== 'pending') return { result, resync }
  }
  return { result: resync.scan(true), resync }
}

describe('where frames start again after a gap', () => {
  it('the earliest offset from which three frames in a row parse cleanly', () => {
    // "xx" is no frame start; 81 05 "aaaaa" alone would be, but a lone 0x61 byte cannot follow it.
    const bytes = concatBytes([hex('7878'), text(3), text(5), text(0), text(7)])
    expect(scan(bytes).result).toEqual({ kind: 'found', offset: 102 })
    // Two clean frames then bytes that are no frame: not enough.
    const two = concatBytes([text(1), text(1), hex('ff ff ff'), text(2), text(2), text(2)])
    expect(scan(two).result).toEqual({ kind: 'found', offset: 100 + 9 })
  })

  it('the same offset whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 50 }),
        (junk, lengths, chunk) => {
          const bytes = concatBytes([junk, ...lengths.map((n) => text(n))])
          expect(scan(bytes, server, chunk).result).toEqual(scan(bytes).result)
        },
      ),
    )
  })

  it('a chain may open with continuation frames (a message begun before the gap), but not a continuation after a final frame', () => {
    expect(scan(concatBytes([text(2, false, 0), text(2, true, 0), text(2)])).result).toEqual({ kind: 'found', offset: 100 })
    // A final text frame, then a continuation: no message is in progress, so no frame starts at 100.
    expect(scan(concatBytes([text(2), text(2, true, 0), text(2), text(2)])).result).toEqual({ kind: 'found', offset: 104 })
  })

  it('fewer frames when the data ends first: at least one whole frame, and what is left must start cleanly', () => {
    expect(scan(concatBytes([hex('7070'), text(4)])).result).toEqual({ kind: 'found', offset: 102 })
    expect(scan(concatBytes([hex('7070'), text(4), text(9).subarray(0, 5)])).result).toEqual({ kind: 'found', offset: 102 })
    // Only a frame cut by the end: nothing to go on.
    expect(scan(concatBytes([hex('7070'), text(9).subarray(0, 5)])).result).toEqual({ kind: 'none' })
    expect(scan(new Uint8Array(0)).result).toEqual({ kind: 'none' })
  })

  it('each rule of a clean header counts', () => {
    const valid = [text(1), text(1), text(1)]
    const cases: [string, Uint8Array, ResyncContext][] = [
      ['RSV1 without an extension', encodeFrame({ opcode: 1, rsv1: true, payload: hex('61') }), server],
      ['a reserved opcode', encodeFrame({ opcode: 3, payload: hex('61') }), server],
      ['a masked server frame', encodeFrame({ opcode: 1, mask: 7, payload: hex('61') }), server],
      ['an unmasked client frame', text(1), { sender: 'client', deflate: false }],
      ['a control frame over 125 bytes', encodeFrame({ opcode: 9, payload: new Uint8Array(126).fill(0x61) }), server],
      ['a fragmented control frame', encodeFrame({ opcode: 9, fin: false }), server],
      ['a non-minimal length', encodeFrame({ opcode: 1, payload: hex('61'), lengthBits: 16 }), server],
    ]
    for (const [name, bad, context] of cases) {
      const frames = context.sender === 'client' ? valid.map((f) => encodeFrame({ opcode: 1, mask: 1, payload: f.subarray(2) })) : valid
      expect(scan(concatBytes([bad, ...frames]), context).result, name).toEqual({ kind: 'found', offset: 100 + bad.length })
    }
    const compressed = encodeFrame({ opcode: 1, rsv1: true, payload: hex('61') })
    expect(scan(concatBytes([compressed, ...valid]), { sender: 'server', deflate: true }).result).toEqual({ kind: 'found', offset: 100 })
  })

  it('a frame longer than the lookahead is not waited for', () => {
    const huge = hex('82 7f 00 00 00 00 10 00 00 00') // 256 MiB
    expect(2 ** 28).toBeGreaterThan(RESYNC_LOOKAHEAD)
    const resync = new FrameResync(server, 0)
    resync.push(concatBytes([huge, ...Array.from({ length: 10 }, () => text(1))]))
    // (Its zero length bytes read as empty continuation frames, so where it resumes is beside the point.)
    expect(resync.scan(false).kind).toBe('found')
    expect(resync.skipped).toBeGreaterThan(0)
  })
})

describe('the scan is bounded, whatever the bytes', () => {
  /** Deterministic pseudo-random bytes (xorshift), so the test is the same every run. */
  function randomBytes(length: number, seed: number): Uint8Array {
    const out = new Uint8Array(length)
    let x = seed
    for (let i = 0; i < length; i++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      out[i] = x & 0xff
    }
    return out
  }

  it('4 MiB of random bytes: every offset is tried once, with at most three header reads each (and one per push while waiting)', () => {
    const bytes = randomBytes(4 * 1024 * 1024, 0x9e3779b9)
    for (const context of [server, { sender: 'client', deflate: true }] as ResyncContext[]) {
      let start = 0
      let candidates = 0
      let scans = 0
      // Random bytes now and then look like three frames: go on after each such offset, to cover every byte.
      while (start < bytes.length) {
        const resync = new FrameResync(context, start)
        let pushes = 0
        for (let p = start; p < bytes.length; p += 65536) {
          resync.push(bytes.subarray(p, p + 65536))
          pushes++
          if (resync.scan(false).kind !== 'pending') break
        }
        const result = resync.scan(true)
        expect(resync.headerReads).toBeLessThanOrEqual(RESYNC_CHAIN * (resync.rejected + 1) + pushes)
        candidates += resync.rejected + 1
        scans++
        start = result.kind === 'found' ? result.offset + 1 : bytes.length
      }
      expect(candidates).toBeLessThanOrEqual(bytes.length + scans)
    }
  })

  it('bytes that never start a frame: none found, one header read per offset, and only the bytes ahead of the candidate held', () => {
    const resync = new FrameResync(server, 0)
    const chunk = new Uint8Array(1024).fill(0x70) // RSV2 and RSV3 set
    for (let i = 0; i < 1024; i++) {
      resync.push(chunk)
      expect(resync.scan(false)).toEqual({ kind: 'pending' })
    }
    expect(resync.heldFrom(0).length).toBeLessThanOrEqual(1)
    expect(resync.scan(true)).toEqual({ kind: 'none' })
    expect(resync.skipped).toBe(1024 * 1024)
    expect(resync.headerReads).toBeLessThanOrEqual(resync.rejected)
  })
})
