import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { concatBytes, MessageEncoder, type Sender } from '../protocol/index.ts'
import { protocolSequence } from '../payload/testing/arbitrary-payloads.ts'
import type { TestMessage } from '../payload/testing/decode-all.ts'
import { parsePayloadArgs } from './decode-payload.ts'
import { captureStats } from './decode-stats.ts'
import { PayloadCounter, type MessageCounter } from './payload-counter.ts'
import { startPayloadWorker } from './payload-count-worker.ts'
import { setWorkerEntry } from './worker-entry.ts'

// Workers run the command line's entry from its TypeScript source here.
beforeAll(() => setWorkerEntry(new URL('./testing/worker-from-source.mjs', import.meta.url)))
afterAll(() => setWorkerEntry(null))

const utf8 = (s: string) => new TextEncoder().encode(s)

/**
 * The capture in shared pieces, as the command line reads a large file for a worker; smaller than
 * its pieces, so that there are more than the worker holds at once.
 */
function sharedPieces(bytes: Uint8Array, size = 1 << 15): Uint8Array[] {
  const pieces: Uint8Array[] = []
  for (let p = 0; p < bytes.length; p += size) {
    const piece = new Uint8Array(new SharedArrayBuffer(Math.min(size, bytes.length - p)))
    piece.set(bytes.subarray(p, p + piece.length))
    pieces.push(piece)
  }
  return pieces
}

/**
 * Every kind of message the decoder tells the counter of: whole ones (JSON objects the scan
 * names, other text, binary, over the 4 KiB the decoder unmasks into slabs), fragmented ones,
 * control frames, all the protocols' messages; several batches of them.
 */
function mixedCapture(from: Sender, extra: Uint8Array[] = []): Uint8Array {
  const encoder = new MessageEncoder({ sender: from })
  const messages: TestMessage[] = fc.sample(protocolSequence, { numRuns: 30, seed: 7 }).flat()
  const frames: Uint8Array[] = []
  for (let round = 0; round < 2; round++) {
    for (const [i, m] of messages.entries()) {
      frames.push(typeof m === 'string' ? encoder.text(m) : encoder.binary(m))
      if (i % 50 === 0) frames.push(encoder.text(JSON.stringify({ big: 'x'.repeat(5000 + i) })), encoder.ping(utf8('p')))
      if (i % 70 === 0) frames.push(encoder.text(JSON.stringify({ fragmented: i }), { fragmentSize: 4 }), encoder.binary(new Uint8Array(4500).fill(i)))
    }
    for (let i = 0; i < 4500; i++) frames.push(encoder.text(JSON.stringify({ round, i, note: 'é ✓ 𝄞', list: [1, 2.5e3, true, null] })))
    // Messages over several pieces, whole and in fragments, held while the pieces go by.
    frames.push(
      encoder.text(JSON.stringify({ long: 'y'.repeat(700_000) })),
      encoder.text(JSON.stringify({ long: 'z'.repeat(700_000) }), { fragmentSize: 90_000 }),
    )
  }
  return concatBytes([...frames, ...extra, encoder.close(1000)])
}

/**
 * The stats of a capture with payloads named on a worker and on this thread, both reading into
 * pieces given back (and then spoilt, so that reading one after giving it back shows), against
 * one thread with no piece given back; and how many times each read the capture.
 */
async function both(bytes: Uint8Array, from: Sender) {
  const payload = await parsePayloadArgs({})
  const options = { from, extensions: null }
  const reads = { onWorker: 0, here: 0 }
  const spoil = (piece: Uint8Array) => piece.fill(0xff)
  const onWorker = await captureStats({ read: () => (reads.onWorker++, sharedPieces(bytes)), recycle: spoil }, options, null, payload, true)
  const here = await captureStats({ read: () => (reads.here++, sharedPieces(bytes)), recycle: spoil }, options, null, payload, false)
  const reference = await captureStats({ read: () => sharedPieces(bytes) }, options, null, payload, false)
  expect(here).toEqual(reference)
  return { onWorker, here, reads }
}

describe('decode --stats with payloads named on a worker thread', () => {
  it('counts what one thread counts, for server and client captures (shared pieces, unmasked copies)', async () => {
    for (const from of ['server', 'client'] as const) {
      const { onWorker, here, reads } = await both(mixedCapture(from), from)
      expect(onWorker).toEqual(here)
      // Read once: the worker's counts were taken.
      expect(reads).toEqual({ onWorker: 1, here: 1 })
      expect(here.messages).toBeGreaterThan(2 * 4096)
      expect(Object.keys(here.payloads).length).toBeGreaterThan(10)
      expect(here.error).toBeNull()
    }
  })

  it('stops at a text message that is not UTF-8, where one thread does (the worker refuses its counts)', async () => {
    for (const [from, bad] of [
      ['server', [...utf8('{"a":"'), 0xed, 0xa0, 0x80, ...utf8('"}')]],
      ['client', [...utf8('plain '), 0xc0, 0x80]],
    ] as const) {
      const encoder = new MessageEncoder({ sender: from })
      const invalid = encoder.frame({ opcode: 1, fin: true, payload: Uint8Array.from(bad) })
      const { onWorker, here, reads } = await both(mixedCapture(from, [invalid, encoder.text('{"after":1}')]), from)
      expect(onWorker).toEqual(here)
      expect(here.error).toMatchObject({ closeCode: 1007 })
      // Read again: the worker refused its counts.
      expect(reads).toEqual({ onWorker: 2, here: 1 })
    }
  })

  it('the worker names messages as PayloadCounter does, and refuses counts for text that is not UTF-8', async () => {
    const payload = await parsePayloadArgs({})
    const shared = sharedPieces(utf8('{"a":1}["x"]plain'))[0]!
    const binary = new Uint8Array([0x82, 0xa1, 0x61, 0x01])
    const tell = (counter: MessageCounter) => {
      for (const [start, end] of [
        [0, 7],
        [7, 12],
        [12, 17],
      ] as const) {
        counter.provesUtf8?.(shared, start, end)
        counter.addWhole('text', shared, start, end)
      }
      counter.add('ping', new Uint8Array())
      counter.add('text', utf8('{"jsonrpc":"2.0","method":"a"}'))
      counter.addWhole('binary', binary, 0, 4)
    }
    const worker = (await startPayloadWorker(payload, 'server'))!
    expect(worker).not.toBeNull()
    tell(worker)
    const here = new PayloadCounter(await import('./decode-payload.ts'), payload, 'server')
    tell(here)
    expect(await worker.finish()).toEqual(here.counts.counts)
    expect(here.counts.counts).toMatchObject({ json: 2, 'json-rpc': 1 })
    const refusing = (await startPayloadWorker(payload, 'server'))!
    refusing.addWhole('text', Uint8Array.from([0x22, 0xff, 0x22]), 0, 3)
    expect(await refusing.finish()).toBeNull()
  })
})
