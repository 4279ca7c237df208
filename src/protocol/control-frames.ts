/**
 * Control frames (RFC 6455 §5.5): Ping, Pong and Close carry at most 125 bytes and are never
 * fragmented, so each is read whole into one small buffer and becomes a message of its own.
 * A Close frame's body is checked here (§5.5.1, §7.4): code allowed on the wire, UTF-8 reason.
 */
import { parseCloseBody } from './close-body.ts'
import type { MessageType } from './decoder-events.ts'
import type { Finding } from './findings.ts'
import type { FrameRecord } from './frame-parser.ts'
import { applyMask } from './mask.ts'

const TYPES: Record<number, MessageType> = { 8: 'close', 9: 'ping', 10: 'pong' }

export type ControlFrameResult =
  { ok: true; type: MessageType; data: Uint8Array; closeCode: number | null; closeReason: string | null } | { ok: false; finding: Finding }

export class ControlFrameReader {
  private readonly payload = new Uint8Array(125)
  private received = 0

  begin(): void {
    this.received = 0
  }

  /** Unmasks and keeps `bytes[start..end)` of the frame's payload. */
  add(frame: FrameRecord, bytes: Uint8Array, start: number, end: number): void {
    if (frame.maskingKey === null) this.payload.set(bytes.subarray(start, end), this.received)
    else applyMask(bytes, start, end, frame.maskingKey, this.received, this.payload, this.received)
    this.received += end - start
  }

  /** The whole frame has arrived: its message, or the violation its Close body holds. */
  end(frame: FrameRecord): ControlFrameResult {
    const data = this.payload.slice(0, this.received)
    const type = TYPES[frame.opcode] ?? 'ping'
    if (type !== 'close') return { ok: true, type, data, closeCode: null, closeReason: null }
    const { body, finding } = parseCloseBody(data, frame.offset, frame.headerLength + frame.payloadLength)
    if (finding) return { ok: false, finding }
    return { ok: true, type, data, closeCode: body.code, closeReason: body.code === null ? null : body.reason }
  }
}
