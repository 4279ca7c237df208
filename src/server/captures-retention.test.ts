import { EventEmitter } from 'node:events'
import type { WebSocket } from 'ws'
import { describe, expect, it } from 'vitest'
import { CAPTURE_API_VERSION } from '../shared/capture-api.ts'
import { frameJsonOf } from './capture-frames.ts'
import { CapturesHub } from './captures-hub.ts'

/** What the hub keeps of ended captures: the last this many, with their frames. */
const KEPT_ENDED = 100

function hub(): CapturesHub {
  return new CapturesHub({ maxMessageBytes: 1024 * 1024, subscriberBufferBytes: 1024 * 1024 })
}

/** A tapped connection's whole life: start, `count` server frames of 100 bytes, end. */
function capture(h: CapturesHub, captureId: string, count: number): void {
  h.start(captureId, 'tap', 'ws://127.0.0.1:1/stream', '127.0.0.1:2')
  const header = Uint8Array.of(0x81, 100)
  for (let index = 0; index < count; index++) {
    const offset = index * 102
    const record = { type: 'frame', captureId, t: index, sender: 'server', index, action: 'relayed', offset, header, payload: new Uint8Array(100) } as const
    h.publish(captureId, { record, fields: frameJsonOf(header, offset) })
  }
  h.end(captureId, () => ({ type: 'capture-ended', captureId, t: count, reason: 'client closed', stats: null }))
}

/** An app connection to /api/captures, as far as the hub uses one. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1
  readyState = 1
  bufferedAmount = 0
  sent = 0
  send(): void {
    this.sent++
  }
}

describe('what the captures hub keeps once connections have closed', () => {
  it('forgets ended captures past the last 100, frames included, so a long session holds no more than they do', () => {
    const h = hub()
    capture(h, 'first', 10)
    const perCapture = h.frames.bytes
    expect(perCapture).toBeGreaterThan(1000)
    for (let i = 1; i < KEPT_ENDED + 30; i++) capture(h, `c${i}`, 10)

    expect(h.frames.bytes).toBe(KEPT_ENDED * perCapture)
    expect(h.frames.range('first', 'server', 0, 10)).toMatchObject({ frames: [], notKept: expect.stringMatching(/ended long ago/) })
    expect(h.frames.range('c29', 'server', 0, 10).frames).toEqual([])
    expect(h.frames.range('c30', 'server', 0, 10).frames).toHaveLength(10)
    expect(h.frames.range(`c${KEPT_ENDED + 29}`, 'server', 0, 10).frames).toHaveLength(10)
  })

  it('lets go of an app connection once it closes: nothing is sent to it or done for it afterwards', () => {
    const h = hub()
    const socket = new FakeSocket()
    h.attach(socket as unknown as WebSocket)
    const subscribe = { type: 'subscribe', version: CAPTURE_API_VERSION, captureId: '*', encoding: 'binary', frames: 'none' }
    socket.emit('message', Buffer.from(JSON.stringify(subscribe)), false)
    expect(h.isWatched('any')).toBe(true)

    socket.readyState = 3
    socket.emit('close')
    const sent = socket.sent
    capture(h, 'after', 10)
    expect(h.isWatched('after')).toBe(false)
    expect(socket.sent).toBe(sent)
  })
})
