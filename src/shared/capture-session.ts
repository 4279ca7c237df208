/**
 * Turns the captures API's event stream (capture-api.ts) into the app's Session model, so a
 * tapped or proxied connection is shown like any other session. Pure: no DOM, no Node.
 */
import { decodeBase64, headerValues, isControlOpcode } from '../protocol/index.ts'
import { bytesFromJson, type CaptureEvent, type CaptureMessage, type Sender } from './capture-api.ts'
import { emptySession, type Session, type SessionEvent } from './session.ts'

/**
 * Builds one capture's Session incrementally: `apply` each event as it arrives (events of
 * other captures are ignored) and read `session`, which is updated in place.
 */
export class CaptureSessionBuilder {
  readonly session: Session
  /** Frame index in each sender's stream → position in session.frames (relayed frames only). */
  private readonly frameSlots: Record<Sender, Map<number, number>> = { client: new Map(), server: new Map() }
  private readonly closeSeen: Record<Sender, CaptureMessage | null> = { client: null, server: null }

  constructor(readonly captureId: string, mode: 'tap' | 'proxy' = 'tap') {
    this.session = emptySession({ id: captureId, source: mode, framesReal: true })
  }

  apply(event: CaptureEvent): void {
    if (!('captureId' in event) || event.captureId !== this.captureId) {
      if (event.type === 'dropped') this.note(event.t, `${event.count} capture events were dropped: the app read too slowly`)
      return
    }
    const { info, frames, messages, findings } = this.session
    switch (event.type) {
      case 'capture-started':
        Object.assign(info, { source: event.mode, url: event.target, name: event.target, createdAt: event.t })
        info.endpoints = { client: event.client, server: hostOf(event.target) }
        this.event(event.t, 'connecting', 0, `connecting to ${event.target} through the tap`)
        break
      case 'handshake': {
        const { request, response, subprotocol, checks } = event.report
        info.handshake = { request, response }
        info.subprotocol = subprotocol
        info.extensions = response ? headerValues(response.headers, 'Sec-WebSocket-Extensions').join(', ') || null : null
        for (const c of checks) if (!c.ok) info.notes.push(`handshake: ${c.message}`)
        this.event(event.t, 'open', 1, `${response?.status ?? '?'} ${response?.statusText ?? ''}`.trim())
        break
      }
      case 'frame': {
        if (event.index !== null && event.action !== 'injected') this.frameSlots[event.sender].set(event.index, frames.length)
        frames.push({
          t: event.t,
          sender: event.sender,
          offset: event.offset,
          header: decodeBase64(event.header) ?? new Uint8Array(0),
          payload: bytesFromJson(event.payload),
          messageIndex: null,
          injected: event.action === 'injected',
        })
        if (event.action === 'dropped') this.note(event.t, `the tap swallowed a Pong from the ${event.sender} (auto-pong off)`)
        break
      }
      case 'message':
        this.linkFrames(event, messages.length)
        messages.push({
          t: event.t,
          sender: event.sender,
          type: event.messageType,
          data: bytesFromJson(event.data),
          compressed: event.compressed,
          wireLength: event.wireLength,
          frameCount: event.frameCount,
          closeCode: event.closeCode,
          closeReason: event.closeReason,
        })
        if (event.messageType === 'close') {
          this.closeSeen[event.sender] ??= event
          this.event(event.t, 'closing', 2, `Close from the ${event.sender}: ${event.closeCode ?? 'no status'} ${event.closeReason ?? ''}`.trim(), event.closeCode)
        }
        break
      case 'finding':
        findings.push({ t: event.t, sender: event.sender, finding: event.finding })
        break
      case 'upstream-error':
        info.notes.push(`upstream ${event.kind}: ${event.message}`)
        this.event(event.t, 'error', 3, event.message)
        break
      case 'pong':
        this.note(event.t, `Pong from the ${event.from} after ${event.rttMs.toFixed(1)} ms`)
        break
      case 'capture-ended': {
        const first = this.closeSeen.client ?? this.closeSeen.server
        const code = first ? (first.closeCode ?? 1005) : 1006
        const clean = this.closeSeen.client !== null && this.closeSeen.server !== null
        this.event(event.t, 'closed', 3, event.reason, code, clean)
        break
      }
      case 'command-result':
        break
    }
  }

  /** Points the frames a message was made of at it: a control frame alone, or the data frames from its first one on. */
  private linkFrames(message: CaptureMessage, messageIndex: number): void {
    const slots = this.frameSlots[message.sender]
    const frames = this.session.frames
    const control = message.messageType !== 'text' && message.messageType !== 'binary'
    let linked = 0
    for (let index = message.firstFrame; linked < message.frameCount; index++) {
      const slot = slots.get(index)
      if (slot === undefined) break
      const frame = frames[slot]
      if (control || (frame.messageIndex === null && !isControlOpcode(frame.header[0] & 0x0f))) {
        frame.messageIndex = messageIndex
        linked++
      }
      if (control) break
    }
  }

  private event(t: number, kind: SessionEvent['kind'], readyState: number | null, detail: string, closeCode: number | null = null, wasClean: boolean | null = null): void {
    this.session.events.push({ t, kind, readyState, detail, closeCode, wasClean })
  }

  private note(t: number, detail: string): void {
    this.event(t, 'note', null, detail)
  }
}

/** The Session of one capture from its events (in the order they arrived). */
export function captureToSession(captureId: string, events: readonly CaptureEvent[]): Session {
  const started = events.find((e) => e.type === 'capture-started' && e.captureId === captureId)
  const builder = new CaptureSessionBuilder(captureId, started?.type === 'capture-started' ? started.mode : 'tap')
  for (const e of events) builder.apply(e)
  return builder.session
}

function hostOf(target: string): string {
  try {
    const url = new URL(target)
    return url.port ? url.host : `${url.host}:${url.protocol === 'wss:' ? 443 : 80}`
  } catch {
    return target
  }
}
