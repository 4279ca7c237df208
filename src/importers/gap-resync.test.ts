/**
 * Bytes missing from a capture inside a WebSocket direction: the message they cut is kept and
 * marked, decoding resumes where frames start again, and the notes say where and how far.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyMask, concatBytes } from '../protocol/index.ts'
import type { Sender, Session, SessionFrame, SessionMessage } from '../shared/session.ts'
import { formatCount } from './import-result.ts'
import { importCapture } from './pcap-import.ts'
import { messageSummary } from './testing/summary.ts'
import {
  scriptSegments,
  upgradeRequest,
  upgradeResponse,
  writeCapture,
  type CaptureScript,
  type ScriptedSegment,
  type ScriptStep,
} from './testing/websocket-capture.ts'

const SERVER_PORT = 8080
/** Stream offset 0 of each side is the sequence number after its SYN's (the scripts' default ISNs). */
const STREAM_BASE = { client: 1001, server: 5001 }

/** The segments with bytes [from, to) of one side's TCP stream removed, as a capture that lost them would have them. */
function withoutBytes(segments: ScriptedSegment[], side: Sender, from: number, to: number): ScriptedSegment[] {
  const base = STREAM_BASE[side]
  return segments.flatMap((segment) => {
    const { spec } = segment
    if (!spec.payload?.length || (spec.sourcePort === SERVER_PORT) !== (side === 'server')) return [segment]
    const start = spec.seq - base
    const end = start + spec.payload.length
    const kept = [
      [start, Math.min(end, from)],
      [Math.max(start, to), end],
    ].filter(([a, b]) => a < b)
    return kept.map(([a, b]) => ({ ...segment, spec: { ...spec, seq: base + a, payload: spec.payload!.subarray(a - start, b - start) } }))
  })
}

/** Where a side's frames start in its TCP stream: just after its handshake head. */
function frameStart(script: CaptureScript, side: Sender): number {
  return (side === 'client' ? upgradeRequest(script) : upgradeResponse(script)).length
}

/** Imports the script's capture with the frame bytes [from, to) of each range lost from one side. */
function importWithLoss(script: CaptureScript, side: Sender, ...ranges: [number, number][]) {
  const start = frameStart(script, side)
  const segments = ranges.reduce((list, [from, to]) => withoutBytes(list, side, start + from, start + to), scriptSegments(script))
  const result = importCapture(writeCapture(segments))
  expect(result.errors).toEqual([])
  const session = result.sessions[0]
  // The packet after the first gap: its capture time is in the note.
  const after = segments.find((s) => s.spec.payload?.length && s.spec.seq === STREAM_BASE[side] + start + ranges[0][1])
  return { session, start, time: after ? new Date(after.time).toISOString() : '' }
}

const findingCodes = (session: Session) => session.findings.map((f) => f.finding.code)
const texts = (...steps: [Sender, string][]): ScriptStep[] => steps.map(([sender, text]) => ({ sender, text }))

describe('decoding resumes after bytes lost from a capture', () => {
  it('server text frames: the cut message is kept and marked, the frames after the gap are decoded', () => {
    const script: CaptureScript = {
      steps: texts(['server', 'A'.repeat(300)], ['server', 'B'.repeat(300)], ['server', 'C'.repeat(300)], ['server', 'D'.repeat(300)]),
      mss: 128,
    }
    // Each frame is 304 bytes; B's second segment is lost: its first keeps 124 payload bytes.
    const { session, start, time } = importWithLoss(script, 'server', [304 + 128, 304 + 256])
    expect(messageSummary(session)).toEqual([
      ['server', 'text', 'A'.repeat(300)],
      ['server', 'text', 'B'.repeat(124)],
      ['server', 'text', 'C'.repeat(300)],
      ['server', 'text', 'D'.repeat(300)],
    ])
    expect(session.messages.map((m) => m.gap)).toEqual([undefined, 'cut', undefined, undefined])
    expect(session.info.notes).toEqual([
      `server → client: 128 bytes missing at stream offset ${formatCount(start + 432)} (not captured), before the packet captured at ${time}; WebSocket decoding resumed at stream offset ${formatCount(start + 608)}, skipping 48 bytes after the gap to reach the first frame boundary found`,
    ])
    expect(findingCodes(session)).toEqual(['gap.message-cut', 'gap.resynced'])
    const cut = session.findings[0].finding
    expect(cut.message).toBe(
      'text message cut by a gap of 128 bytes: the 124 bytes decoded before it are kept, the rest is lost (the gap cuts its text frame with 124 of its 300 payload bytes)',
    )
    expect([cut.offset, cut.length]).toEqual([304, 128])
    // The cut frame is listed with the bytes that were captured.
    const cutFrame = session.frames.find((f) => f.offset === 304)!
    expect([cutFrame.header.length, cutFrame.payload.length]).toEqual([4, 124])
  })

  it('masked client frames: the same, with the masking of the frames after the gap right', () => {
    const script: CaptureScript = {
      steps: texts(['client', 'first'], ['client', 'x'.repeat(500)], ['client', 'third'], ['client', 'fourth'], ['server', 'reply']),
      mss: 100,
    }
    // The 500-byte frame (8-byte header) starts at 11; lose bytes 150..250 of the stream.
    const { session, start } = importWithLoss(script, 'client', [150, 250])
    expect(messageSummary(session)).toEqual([
      ['client', 'text', 'first'],
      ['client', 'text', 'x'.repeat(150 - 11 - 8)],
      ['client', 'text', 'third'],
      ['client', 'text', 'fourth'],
      ['server', 'text', 'reply'],
    ])
    expect(session.info.notes[0]).toMatch(
      new RegExp(
        `^client → server: 100 bytes missing at stream offset ${start + 150} .*; WebSocket decoding resumed at stream offset ${start + 519}, skipping 269 bytes after the gap`,
      ),
    )
  })

  it('a gap inside a fragmented message: the frames that end it after the gap are listed, not assembled', () => {
    const script: CaptureScript = {
      steps: [{ sender: 'server', text: 'X'.repeat(600), fragmentSize: 100 }, ...texts(['server', 'after one'], ['server', 'after two'])],
      mss: 128,
    }
    // Six 102-byte frames; the lost segment [256, 384) cuts the third and holds the fourth's header.
    const { session, start } = importWithLoss(script, 'server', [256, 384])
    expect(messageSummary(session)).toEqual([
      ['server', 'text', 'X'.repeat(250)],
      ['server', 'text', 'after one'],
      ['server', 'text', 'after two'],
    ])
    expect(session.messages[0]).toMatchObject({ gap: 'cut', frameCount: 3, wireLength: 250 })
    expect(findingCodes(session)).toEqual(['gap.message-cut', 'gap.resynced', 'gap.message-start-lost'])
    expect(session.findings[2].finding.offset).toBe(408)
    // The fifth and sixth frames are there, with no message.
    expect(session.frames.filter((f) => f.offset >= 408 && f.offset < 612).map((f) => [f.header[0], f.messageIndex])).toEqual([
      [0x00, null],
      [0x80, null],
    ])
    expect(session.info.notes[0]).toMatch(new RegExp(`resumed at stream offset ${start + 408}, skipping 24 bytes after the gap`))
  })

  const deflateSteps = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'].map((word, i): ScriptStep => ({
    sender: 'server',
    text: `{"event":"${word}","n":${i},"padding":"${word.repeat(12)}"}`,
  }))
  /** Lose 4 bytes from the second segment (mss 16) of the server's third message, a frame of 20 bytes or more. */
  function deflateLoss(extensions: string) {
    const script: CaptureScript = { steps: deflateSteps, extensions, mss: 16 }
    const intact = importCapture(writeCapture(scriptSegments(script))).sessions[0]
    const third = intact.frames.filter((f) => f.sender === 'server')[2]
    expect(third.header.length + third.payload.length).toBeGreaterThanOrEqual(20)
    return { intact, ...importWithLoss(script, 'server', [third.offset + 16, third.offset + 20]) }
  }

  it('permessage-deflate with context takeover: later compressed messages keep their compressed bytes, and the notes say why once', () => {
    const { intact, session } = deflateLoss('permessage-deflate')
    const server = session.messages.filter((m) => m.sender === 'server')
    expect(server.map((m) => m.gap)).toEqual([undefined, undefined, 'cut', 'not-inflated', 'not-inflated', 'not-inflated'])
    expect(server.slice(0, 2)).toEqual(intact.messages.slice(0, 2))
    // Kept as on the wire (server frames are unmasked): each is its frame's payload.
    for (const message of server.slice(3)) {
      const frame = session.frames.find((f) => f.messageIndex === session.messages.indexOf(message))!
      expect(message.data).toEqual(frame.payload)
      expect(message.compressed).toBe(true)
    }
    expect(findingCodes(session).filter((c) => c === 'gap.deflate-context-lost')).toHaveLength(1)
    const fourth = intact.frames.filter((f) => f.sender === 'server')[3]
    expect(session.info.notes).toHaveLength(2)
    expect(session.info.notes[0]).toMatch(/; WebSocket decoding resumed at stream offset [\d,]+, skipping \d+ bytes after the gap/)
    expect(session.info.notes[1]).toBe(
      `server → client: compressed messages from stream offset ${formatCount(frameStart({ steps: [], extensions: 'permessage-deflate' }, 'server') + fourth.offset)} on are kept as their compressed bytes: with context takeover each is compressed against the LZ77 window of those before it, which a gap in the capture lost, so none can be inflated again in this direction`,
    )
  })

  it('permessage-deflate with server_no_context_takeover: messages after the gap are inflated', () => {
    const { intact, session } = deflateLoss('permessage-deflate; server_no_context_takeover')
    expect(session.messages.map((m) => m.gap)).toEqual([undefined, undefined, 'cut', undefined, undefined, undefined])
    expect(messageSummary(session).slice(3)).toEqual(messageSummary(intact).slice(3))
    expect(findingCodes(session)).not.toContain('gap.deflate-context-lost')
    expect(session.info.notes).toHaveLength(1)
  })

  it('a gap near the end with no whole frame after it: the notes say no frame boundary was found', () => {
    const script: CaptureScript = { steps: texts(['server', 'first'], ['server', 'Z'.repeat(1000)]), mss: 128 }
    // "first" is 7 bytes; the second frame (4-byte header) starts at 7.
    const { session, start, time } = importWithLoss(script, 'server', [7 + 128, 7 + 256])
    expect(messageSummary(session)).toEqual([
      ['server', 'text', 'first'],
      ['server', 'text', 'Z'.repeat(124)],
    ])
    expect(session.info.notes).toEqual([
      `server → client: 128 bytes missing at stream offset ${formatCount(start + 135)} (not captured), before the packet captured at ${time}; no WebSocket frame boundary was found in the 748 bytes after it, before the end of the capture, so they are not decoded`,
    ])
    expect(findingCodes(session)).toEqual(['gap.message-cut', 'gap.no-frame-boundary'])
  })

  it('a second gap while looking for a frame boundary: the search goes on after it', () => {
    const script: CaptureScript = { steps: texts(['server', 'Q'.repeat(600)], ['server', 'after']), mss: 100 }
    const { session, start } = importWithLoss(script, 'server', [100, 200], [300, 400])
    expect(messageSummary(session)).toEqual([
      ['server', 'text', 'Q'.repeat(96)],
      ['server', 'text', 'after'],
    ])
    expect(session.info.notes).toHaveLength(2)
    expect(session.info.notes[0]).toMatch(
      new RegExp(
        `no WebSocket frame boundary was found in the 100 bytes after it, before the next gap, at stream offset ${formatCount(start + 300)}, so they are not decoded$`,
      ),
    )
    expect(session.info.notes[1]).toMatch(new RegExp(`resumed at stream offset ${formatCount(start + 604)}, skipping 204 bytes after the gap`))
  })

  it('a gap after decoding resumed and then stopped at a Close frame is noted as before', () => {
    const script: CaptureScript = {
      steps: [
        { sender: 'server', text: 'A'.repeat(300) },
        { sender: 'server', close: 1000, reason: 'bye' },
        { sender: 'server', text: 'L'.repeat(300) },
      ],
      mss: 128,
    }
    // Frames at 0 (304 bytes), 304 (the Close, 7) and 311; the second gap cuts the last before it confirms the first resync.
    const { session, start } = importWithLoss(script, 'server', [128, 256], [439, 567])
    expect(messageSummary(session)).toEqual([
      ['server', 'text', 'A'.repeat(124)],
      ['server', 'close', '1000 bye'],
    ])
    expect(session.info.notes).toHaveLength(2)
    expect(session.info.notes[0]).toMatch(new RegExp(`resumed at stream offset ${formatCount(start + 304)}, skipping 48 bytes after the gap`))
    expect(session.info.notes[1]).toBe(`server → client: 128 bytes missing at stream offset ${formatCount(start + 439)} (not captured)`)
  })
})

/** One side's frames, each with the stream offset of the message it completes (null for none) and that message. */
function framesWithMessages(session: Session, side: Sender): { frame: SessionFrame; messageStart: number | null; message: SessionMessage | null }[] {
  let dataStart = 0
  return session.frames
    .filter((f) => f.sender === side)
    .map((frame) => {
      const opcode = frame.header[0] & 0x0f
      if (opcode === 1 || opcode === 2) dataStart = frame.offset
      const message = frame.messageIndex === null ? null : session.messages[frame.messageIndex]
      return { frame, message, messageStart: message ? (opcode >= 8 ? frame.offset : dataStart) : null }
    })
}

const frameBytes = (f: SessionFrame) => [f.offset, [...f.header], [...f.payload]]

const step: fc.Arbitrary<Omit<ScriptStep, 'sender'>> = fc.oneof(
  fc.record({ text: fc.string({ unit: 'grapheme', maxLength: 300 }), fragmentSize: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }) }),
  fc.record({ binary: fc.uint8Array({ maxLength: 700 }), fragmentSize: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }) }),
  fc.record({ ping: fc.string({ maxLength: 40 }) }),
  fc.record({ pong: fc.string({ maxLength: 40 }) }),
)

describe('property: bytes lost anywhere in a stream of valid frames', () => {
  it('never throws; frames before the gap are intact; decoding resumes at or before the first frame boundary after it, and from that boundary on recovers every frame and message exactly', () => {
    let resumedAtBoundary = 0
    fc.assert(
      fc.property(
        fc.constantFrom<Sender>('client', 'server'),
        fc.array(step, { minLength: 1, maxLength: 10 }),
        fc.constantFrom(undefined, 'permessage-deflate', 'permessage-deflate; server_no_context_takeover; client_no_context_takeover'),
        fc.integer({ min: 1, max: 400 }),
        fc.nat(),
        fc.nat(),
        (side, steps, extensions, mss, p, q) => {
          const script: CaptureScript = { steps: steps.map((s) => ({ ...s, sender: side }) as ScriptStep), extensions, mss }
          const intact = importCapture(writeCapture(scriptSegments(script))).sessions[0]
          const original = framesWithMessages(intact, side)
          const last = original.at(-1)!.frame
          const length = last.offset + last.header.length + last.payload.length
          const from = p % length
          const to = from + 1 + (q % (length - from))
          const start = frameStart(script, side)
          const result = importCapture(writeCapture(withoutBytes(scriptSegments(script), side, start + from, start + to)))
          expect(result.errors).toEqual([])
          const session = result.sessions[0]
          const damaged = framesWithMessages(session, side)

          // Before the gap: the same frames and messages.
          const before = original.filter(({ frame }) => frame.offset + frame.header.length + frame.payload.length <= from)
          expect(damaged.slice(0, before.length).map((d) => frameBytes(d.frame))).toEqual(before.map((o) => frameBytes(o.frame)))
          // (The last of them may also end the message the gap cut, if it was the message's.)
          expect(damaged.slice(0, before.length).map((d) => (d.message?.gap === 'cut' ? null : d.message))).toEqual(before.map((o) => o.message))
          // The message the gap cut, if any, holds the start of the original one.
          const cut = session.messages.find((m) => m.gap === 'cut')
          if (cut) {
            const whole = original.find(
              (o) => o.messageStart !== null && o.messageStart < from && o.frame.offset + o.frame.header.length + o.frame.payload.length > from,
            )!.message!
            expect(whole.data.subarray(0, cut.data.length)).toEqual(cut.data)
          }

          const boundary = original.find(({ frame }) => frame.offset >= to)?.frame.offset
          if (to === length || boundary === undefined) return // lost to the end, or the last frame cut: nothing to resume at
          const resumed = session.findings.find((f) => f.finding.code === 'gap.resynced')?.finding.offset
          expect(resumed).toBeDefined()
          expect(resumed!).toBeLessThanOrEqual(boundary)
          if (resumed !== boundary) return // an earlier offset that looked like frames: a guess the property does not judge
          resumedAtBoundary++
          const after = original.filter(({ frame }) => frame.offset >= boundary)
          expect(damaged.slice(-after.length).map((d) => frameBytes(d.frame))).toEqual(after.map((o) => frameBytes(o.frame)))
          const takeover = extensions === 'permessage-deflate'
          for (const [i, o] of after.entries()) {
            const d = damaged[damaged.length - after.length + i]
            if (o.messageStart === null || o.messageStart < boundary) {
              expect(d.message).toBeNull()
            } else if (takeover && o.message!.compressed) {
              expect(d.message).toMatchObject({ type: o.message!.type, gap: 'not-inflated', compressed: true })
              expect(d.message!.data).toEqual(
                unmaskedPayloads(damaged.slice(0, damaged.length - after.length + i + 1).filter((x) => x.frame.offset >= o.messageStart!)),
              )
            } else {
              expect(d.message).toEqual(o.message)
            }
          }
        },
      ),
      { numRuns: 300 },
    )
    // The property is not vacuous: most losses resume exactly at the boundary.
    expect(resumedAtBoundary).toBeGreaterThan(100)
  })
})

/** The data payloads of a message's frames, unmasked and joined (its compressed bytes). */
function unmaskedPayloads(frames: { frame: SessionFrame }[]): Uint8Array {
  const pieces = frames
    .filter(({ frame }) => (frame.header[0] & 0x08) === 0)
    .map(({ frame }) => {
      if (!(frame.header[1] & 0x80)) return frame.payload
      const key = frame.header.subarray(frame.header.length - 4)
      const out = new Uint8Array(frame.payload.length)
      applyMask(frame.payload, 0, frame.payload.length, ((key[0] << 24) | (key[1] << 16) | (key[2] << 8) | key[3]) >>> 0, 0, out, 0)
      return out
    })
  return concatBytes(pieces.length ? pieces : [new Uint8Array(0)])
}
