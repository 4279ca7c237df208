/**
 * Turns the two decoded directions of a captured WebSocket connection into one `Session`:
 * real frames (header and payload bytes as on the wire), messages and findings from the
 * core's StreamDecoder, each stamped with the capture time of the packet that completed it,
 * in capture order across both directions.
 */
import { StreamDecoder, type DeflateParams, type FrameRecord } from '../protocol/index.ts'
import type { Sender, Session, SessionFrame } from '../shared/session.ts'
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

export class SessionBuilder {
  private readonly directions: Record<Sender, Direction>

  constructor(
    readonly session: Session,
    deflate: DeflateParams | null,
    client: { chunks: StreamChunks; frameStart: number },
    server: { chunks: StreamChunks; frameStart: number },
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

  /** Bytes are missing from this direction: frames cannot be found past them. */
  stop(sender: Sender, time: number): void {
    const direction = this.directions[sender]
    if (direction.stopped) return
    direction.decoder.receiveEof()
    this.collect(direction, time)
    direction.stopped = true
  }

  /** True once a direction will decode nothing more (an error, a Close frame, a gap). */
  isStopped(sender: Sender): boolean {
    const direction = this.directions[sender]
    return direction.stopped || direction.decoder.stopped
  }

  private collect(direction: Direction, time: number): void {
    const { session } = this
    for (const event of direction.decoder.eventsReceived()) {
      if (event.kind === 'frame') {
        const frame = this.frame(direction, event, time)
        session.frames.push(frame)
        direction.lastFrame = frame
      } else if (event.kind === 'message') {
        // The assembler reports a message right after the frame that completes it.
        if (direction.lastFrame) direction.lastFrame.messageIndex = session.messages.length
        session.messages.push({
          t: time,
          sender: direction.sender,
          type: event.type,
          data: event.data,
          compressed: event.compressed,
          wireLength: event.wireLength,
          frameCount: event.frameCount,
          closeCode: event.closeCode,
          closeReason: event.closeReason,
        })
      } else {
        session.findings.push({ t: time, sender: direction.sender, finding: event.finding })
      }
    }
  }

  private frame(direction: Direction, record: FrameRecord, time: number): SessionFrame {
    const start = direction.frameStart + record.offset
    const payloadStart = start + record.headerLength
    return {
      t: time,
      sender: direction.sender,
      offset: record.offset,
      header: direction.chunks.read(start, payloadStart),
      payload: direction.chunks.read(payloadStart, payloadStart + record.payloadLength),
      messageIndex: null,
      injected: false,
    }
  }
}
