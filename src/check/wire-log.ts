import { decodeFrameHeader, toHex } from '../protocol/index.ts'

/** One frame as it crossed the wire, for reports: its first bytes in hex. */
export interface WireFrame {
  direction: 'sent' | 'received'
  /** Offset of the frame in its direction's byte stream (after the opening handshake). */
  offset: number
  hex: string
  /** The hex stops before the frame's end (a long payload, or the capture's end). */
  truncated: boolean
}

/** Bytes kept per direction; frames starting after this are left out. */
const CAPTURE_BYTES = 4096
const FRAMES_PER_DIRECTION = 12
const HEX_BYTES_PER_FRAME = 160

interface Direction {
  bytes: Uint8Array
  length: number
  /** [stream offset where a chunk starts, its sequence number], for ordering frames in time. */
  chunks: [number, number][]
  total: number
}

/** Keeps the first bytes each way and cuts them into frames on demand. */
export class WireLog {
  private seq = 0
  private readonly sides: Record<'sent' | 'received', Direction> = {
    sent: { bytes: new Uint8Array(CAPTURE_BYTES), length: 0, chunks: [], total: 0 },
    received: { bytes: new Uint8Array(CAPTURE_BYTES), length: 0, chunks: [], total: 0 },
  }

  record(direction: 'sent' | 'received', chunk: Uint8Array): void {
    const side = this.sides[direction]
    const seq = this.seq++
    if (side.length < CAPTURE_BYTES) {
      side.chunks.push([side.total, seq])
      const n = Math.min(chunk.length, CAPTURE_BYTES - side.length)
      side.bytes.set(chunk.subarray(0, n), side.length)
      side.length += n
    }
    side.total += chunk.length
  }

  /** Frames of both directions, in the order their first bytes crossed the wire. */
  frames(): WireFrame[] {
    const all: { frame: WireFrame; seq: number }[] = []
    for (const direction of ['sent', 'received'] as const) {
      const side = this.sides[direction]
      const bytes = side.bytes.subarray(0, side.length)
      let offset = 0
      let count = 0
      while (offset < bytes.length && count < FRAMES_PER_DIRECTION) {
        const header = decodeFrameHeader(bytes, offset)
        const frameLength = header.ok ? header.headerLength + header.header.payloadLength : Infinity
        const available = Math.min(bytes.length - offset, frameLength)
        const shown = Math.min(available, HEX_BYTES_PER_FRAME)
        all.push({
          frame: { direction, offset, hex: toHex(bytes.subarray(offset, offset + shown), ' '), truncated: shown < frameLength },
          seq: seqAt(side.chunks, offset),
        })
        count++
        if (!header.ok || frameLength > bytes.length - offset) break
        offset += frameLength
      }
    }
    return all.sort((a, b) => a.seq - b.seq).map((x) => x.frame)
  }
}

function seqAt(chunks: [number, number][], offset: number): number {
  let seq = 0
  for (const [start, s] of chunks) {
    if (start > offset) break
    seq = s
  }
  return seq
}
