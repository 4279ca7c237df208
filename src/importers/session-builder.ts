/**
 * Turns the two decoded directions of a captured WebSocket connection into one `Session`:
 * real frames (header and payload bytes as on the wire), messages and findings from the
 * core's StreamDecoder, each stamped with the capture time of the packet that completed it,
 * in capture order across both directions.
 */
import { StreamDecoder, type DeflateParams, type Finding, type FrameRecord } from '../protocol/index.ts'
import type { Sender, Session, SessionFrame, SessionMessage } from '../shared/session.ts'
import type { StreamChunks } from './stream-chunks.ts'

/** One direction: its decoder and where its frames start in its TCP stream. */
class Direction {
  readonly decoder: StreamDecoder
  /** The frame that completed last, to link it to the message it completes. */
  lastFrame: SessionFrame | null = null
  stopped = false

  constructor(
    readonly sender: Sender,
    deflate: DeflateParams | null,
    readonly chunks: StreamChunks,
    /** Stream offset of the first frame byte (just after the HTTP head). */
    readonly frameStart: number,
  ) {
    // No payload limit: a capture shows what was sent, however large.
    this.decoder = new StreamDecoder({ from: sender, deflate, maxPayload: 0 })
  }
}

/** What the decoder says about a gap, for the connection's notes: `at` is its offset in the TCP stream. */
export type GapReport = (sender: Sender, report: Finding, at: number) => void

/** The decoder's findings that the connection's notes repeat: where decoding resumed after a gap, or could not, and the lost compression window. */
const GAP_REPORTS = new Set(['gap.resynced', 'gap.no-frame-boundary', 'gap.deflate-context-lost'])

export class SessionBuilder {
  private readonly directions: Record<Sender, Direction>

  constructor(
    readonly session: Session,
    deflate: DeflateParams | null,
    client: { chunks: StreamChunks; frameStart: number },
    server: { chunks: StreamChunks; frameStart: number },
    private readonly onGapReport: GapReport,
  ) {
    this.directions = {
      client: new Direction('client', deflate, client.chunks, client.frameStart),
      server: new Direction('server', deflate, server.chunks, server.frameStart),
    }
  }

  /** Decodes the next bytes of one direction's frame stream, received at `time`. */
  feed(sender: Sender, bytes: Uint8Array, time: number): void {
    const direction = this.directions[sender]
    if (direction.stopped || direction.decoder.stopped) return
    direction.decoder.receiveData(bytes)
    this.collect(direction, time)
  }

  /** `size` bytes are missing from this direction's frames; decoding resumes where frames start again. */
  gap(sender: Sender, size: number, time: number): void {
    const direction = this.directions[sender]
    direction.decoder.receiveGap(size)
    this.collect(direction, time)
  }

  /** The end of the capture for this direction. */
  stop(sender: Sender, time: number): void {
    const direction = this.directions[sender]
    if (direction.stopped) return
    direction.decoder.receiveEof()
    this.collect(direction, time)
    direction.stopped = true
  }

  /** True once a direction will decode nothing more (an error, a Close frame, the end). */
  isStopped(sender: Sender): boolean {
    const direction = this.directions[sender]
    return direction.stopped || direction.decoder.stopped
  }

  /**
   * Adds what the decoder reported, each item at the capture time of its bytes: a frame at its
   * last byte's packet, a message at its last frame's, a finding at the packet holding the
   * byte it points to. Decoding that resumes after a gap replays bytes that came earlier, so
   * items are inserted in time order rather than appended.
   */
  private collect(direction: Direction, time: number): void {
    const { session } = this
    const { chunks, frameStart, sender } = direction
    for (const event of direction.decoder.eventsReceived()) {
      if (event.kind === 'frame') {
        const frame = this.frame(direction, event)
        insertInTimeOrder(session.frames, frame)
        direction.lastFrame = frame
      } else if (event.kind === 'message') {
        // The assembler reports a message right after the frame that completes it.
        const last = direction.lastFrame
        const message: SessionMessage = {
          t: last?.t ?? time,
          sender,
          type: event.type,
          data: event.data,
          compressed: event.compressed,
          wireLength: event.wireLength,
          frameCount: event.frameCount,
          closeCode: event.closeCode,
          closeReason: event.closeReason,
          ...(event.gap && { gap: event.gap }),
        }
        const index = insertInTimeOrder(session.messages, message)
        // Frames of the messages now after it point one further.
        for (let i = session.frames.length - 1; i >= 0; i--) {
          const frame = session.frames[i]
          if (!isLater(frame, message.t)) break
          if (frame.messageIndex !== null && frame.messageIndex >= index) frame.messageIndex++
        }
        // A message cut by a gap ends on a frame that may already complete a control message.
        if (last && last.messageIndex === null) last.messageIndex = index
      } else {
        const at = frameStart + event.finding.offset
        const t = chunks.timeAt(at)
        insertInTimeOrder(session.findings, { t: Number.isNaN(t) ? time : t, sender, finding: event.finding })
        if (GAP_REPORTS.has(event.finding.code)) this.onGapReport(sender, event.finding, at)
      }
    }
  }

  /** The frame's bytes as captured (a frame cut by a gap or the end has fewer), at the time of its last byte. */
  private frame(direction: Direction, record: FrameRecord): SessionFrame {
    const start = direction.frameStart + record.offset
    const payloadStart = start + record.headerLength
    const header = direction.chunks.read(start, payloadStart)
    const payload = direction.chunks.read(payloadStart, payloadStart + record.payloadLength)
    return {
      t: direction.chunks.timeAt(start + header.length + payload.length - 1),
      sender: direction.sender,
      offset: record.offset,
      header,
      payload,
      messageIndex: null,
      injected: false,
    }
  }
}

/** Whether `item` exists (an index in range) and is later than `t`. */
function isLater<T extends { t: number }>(item: T | undefined, t: number): item is T {
  return item !== undefined && item.t > t
}

/** Inserts `item` after the last item that is not later, and returns its index: appending, unless bytes from before are replayed. */
function insertInTimeOrder<T extends { t: number }>(list: T[], item: T): number {
  let i = list.length
  while (isLater(list[i - 1], item.t)) i--
  if (i === list.length) list.push(item)
  else list.splice(i, 0, item)
  return i
}
