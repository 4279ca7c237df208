import { headerLengthFromSecondByte, readUint32, type FrameHeader, type LengthBits } from './frame.ts'

/** A frame as the parser saw it: its header values and where it sits in the stream. */
export interface FrameRecord extends FrameHeader {
  kind: 'frame'
  /** 0-based position of the frame in the stream. */
  index: number
  /** Stream offset of the first header byte. */
  offset: number
  headerLength: number
  /** The high 32 bits of a 64-bit length (to spot a set most significant bit). */
  lengthHighWord: number
  /** The input ended before the whole frame arrived (for a partial header, fields not yet read are 0/null). */
  truncated: boolean
  /** The payload exactly as on the wire (still masked), when the decoder keeps payloads. */
  payload?: Uint8Array
  /** Set when `payload` holds only the first bytes of the frame's payload: cut for display by a cap. */
  payloadCut?: boolean
}

/** What the parser reports to; any `false` return stops parsing for good. */
export interface FrameHandler {
  onHeader(frame: FrameRecord, byte0: number, byte1: number): boolean
  /** A piece of the current frame's payload, as on the wire: `bytes[start..end)`. */
  onPayload(bytes: Uint8Array, start: number, end: number): boolean
  onFrameEnd(): boolean
  /** The input ended inside a header (its bytes so far, starting at `offset`) or inside `frame`'s payload. */
  onTruncated(partialHeader: Uint8Array | null, offset: number, frame: FrameRecord | null): void
}

/** What the parser was in the middle of when bytes were lost: a frame's payload, or its header. */
export type FrameCut = { frame: FrameRecord; received: number } | { header: Uint8Array; offset: number }

/** Parser states, after `ws`'s receiver: each names what the next bytes are. */
const READ_HEADER = 0
const READ_PAYLOAD = 1
const STOPPED = 2

/**
 * Incremental RFC 6455 §5.2 frame parser. Feed chunks of any size; the result is the same
 * whatever the chunking. When a whole header is inside the chunk it is read in place (the
 * fast path); only a header split across chunks is copied into a 14-byte scratch buffer.
 * Payload bytes are handed on as views into the caller's chunks, never copied here.
 */
export class FrameParser {
  private state = READ_HEADER
  /** Scratch for a header split across chunks. */
  private readonly scratch = new Uint8Array(14)
  private scratchLength = 0
  private frame: FrameRecord | null = null
  private remaining = 0
  /** Frames read so far: the next frame's index. */
  frameCount: number
  /** Stream offset of the next byte to be read. */
  offset: number
  /** After finish(): how many more bytes the frame cut short needed (at least), else 0. */
  missingBytes = 0

  /**
   * The one record every frame is read into when records are reused (their consumer only
   * counts them): a frame then costs no allocation. Null: a new record per frame.
   */
  private readonly reused: FrameRecord | null

  /**
   * `start`: where in the stream the first byte pushed sits, and the index of its frame (a parser
   * resumed after a gap). `reuseRecords`: read every frame into one record (see `reused`).
   */
  constructor(
    private readonly handler: FrameHandler,
    start = { offset: 0, index: 0 },
    reuseRecords = false,
  ) {
    this.offset = start.offset
    this.frameCount = start.index
    this.reused = reuseRecords ? emptyFrameRecord() : null
  }

  get stopped(): boolean {
    return this.state === STOPPED
  }

  /** True between frames: the input read so far ends exactly at a frame boundary. */
  get atBoundary(): boolean {
    return this.state === READ_HEADER && this.scratchLength === 0
  }

  push(chunk: Uint8Array): void {
    const end = chunk.length
    let pos = 0
    while (pos < end && this.state !== STOPPED) {
      if (this.state === READ_PAYLOAD) {
        const n = Math.min(end - pos, this.remaining)
        const ok = this.handler.onPayload(chunk, pos, pos + n)
        pos += n
        this.offset += n
        this.remaining -= n
        if (!ok) this.state = STOPPED
        else if (this.remaining === 0) this.endFrame()
        continue
      }
      // Fast path: the whole header is in this chunk.
      if (this.scratchLength === 0 && end - pos >= 2) {
        const headerLength = headerLengthFromSecondByte(chunk[pos + 1]!)
        if (end - pos >= headerLength) {
          this.readHeader(chunk, pos, headerLength)
          pos += headerLength
          continue
        }
      }
      pos = this.fillScratch(chunk, pos)
    }
  }

  /** Signals the end of the input. */
  finish(): void {
    if (this.state === STOPPED) return
    if (this.state === READ_PAYLOAD && this.frame) {
      this.missingBytes = this.remaining
      this.frame.truncated = true
      this.handler.onTruncated(null, this.frame.offset, this.frame)
    } else if (this.scratchLength > 0) {
      this.missingBytes = (this.scratchLength < 2 ? 2 : headerLengthFromSecondByte(this.scratch[1]!)) - this.scratchLength
      this.handler.onTruncated(this.scratch.slice(0, this.scratchLength), this.offset, null)
    }
    this.state = STOPPED
  }

  /** Stops at a gap in the input; returns what was cut there (null at a frame boundary). */
  cut(): FrameCut | null {
    if (this.state === STOPPED) return null
    this.state = STOPPED
    if (this.frame) {
      this.frame.truncated = true
      return { frame: this.frame, received: this.frame.payloadLength - this.remaining }
    }
    return this.scratchLength ? { header: this.scratch.slice(0, this.scratchLength), offset: this.offset } : null
  }

  /** Copies header bytes split across chunks; returns the new read position. */
  private fillScratch(chunk: Uint8Array, pos: number): number {
    const needed = this.scratchLength < 2 ? 2 : headerLengthFromSecondByte(this.scratch[1]!)
    const n = Math.min(needed - this.scratchLength, chunk.length - pos)
    this.scratch.set(chunk.subarray(pos, pos + n), this.scratchLength)
    this.scratchLength += n
    pos += n
    if (this.scratchLength >= 2) {
      const headerLength = headerLengthFromSecondByte(this.scratch[1]!)
      if (this.scratchLength === headerLength) {
        this.scratchLength = 0
        this.readHeader(this.scratch, 0, headerLength)
      }
    }
    return pos
  }

  private readHeader(bytes: Uint8Array, p: number, headerLength: number): void {
    const byte0 = bytes[p]!
    const byte1 = bytes[p + 1]!
    const len7 = byte1 & 0x7f
    const masked = (byte1 & 0x80) !== 0
    let payloadLength = len7
    let lengthBits: LengthBits = 7
    let lengthHighWord = 0
    let q = p + 2
    if (len7 === 126) {
      payloadLength = (bytes[q]! << 8) | bytes[q + 1]!
      lengthBits = 16
      q += 2
    } else if (len7 === 127) {
      lengthHighWord = readUint32(bytes, q)
      payloadLength = lengthHighWord * 4294967296 + readUint32(bytes, q + 4)
      lengthBits = 64
      q += 8
    }
    const maskingKey = masked ? readUint32(bytes, q) : null
    let frame: FrameRecord
    if (this.reused === null) {
      frame = {
        kind: 'frame',
        index: this.frameCount++,
        offset: this.offset,
        headerLength,
        fin: (byte0 & 0x80) !== 0,
        rsv1: (byte0 & 0x40) !== 0,
        rsv2: (byte0 & 0x20) !== 0,
        rsv3: (byte0 & 0x10) !== 0,
        opcode: byte0 & 0x0f,
        masked,
        maskingKey,
        payloadLength,
        lengthBits,
        lengthHighWord,
        truncated: false,
      }
    } else {
      frame = this.reused
      frame.index = this.frameCount++
      frame.offset = this.offset
      frame.headerLength = headerLength
      frame.fin = (byte0 & 0x80) !== 0
      frame.rsv1 = (byte0 & 0x40) !== 0
      frame.rsv2 = (byte0 & 0x20) !== 0
      frame.rsv3 = (byte0 & 0x10) !== 0
      frame.opcode = byte0 & 0x0f
      frame.masked = masked
      frame.maskingKey = maskingKey
      frame.payloadLength = payloadLength
      frame.lengthBits = lengthBits
      frame.lengthHighWord = lengthHighWord
      frame.truncated = false
    }
    this.offset += headerLength
    this.frame = frame
    if (!this.handler.onHeader(frame, byte0, byte1)) {
      this.state = STOPPED
      return
    }
    this.remaining = payloadLength
    this.state = READ_PAYLOAD
    // An empty payload ends the frame now, not when the next chunk arrives.
    if (payloadLength === 0) this.endFrame()
  }

  private endFrame(): void {
    this.frame = null
    this.state = this.handler.onFrameEnd() ? READ_HEADER : STOPPED
  }
}

function emptyFrameRecord(): FrameRecord {
  return {
    kind: 'frame',
    index: 0,
    offset: 0,
    headerLength: 0,
    fin: false,
    rsv1: false,
    rsv2: false,
    rsv3: false,
    opcode: 0,
    masked: false,
    maskingKey: null,
    payloadLength: 0,
    lengthBits: 7,
    lengthHighWord: 0,
    truncated: false,
  }
}

export type HeaderDecodeResult = { ok: true; header: FrameHeader; headerLength: number } | { ok: false; needed: number }

/**
 * Reads one header from `bytes` at `offset` without any validation, with the parser's own
 * reading. When the bytes end before the header does, says how many bytes it needs in all.
 */
export function decodeFrameHeader(bytes: Uint8Array, offset = 0): HeaderDecodeResult {
  let found: FrameRecord | null = null
  const parser = new FrameParser({
    onHeader: (frame) => {
      found = frame
      return false
    },
    onPayload: () => false,
    onFrameEnd: () => false,
    onTruncated: () => {},
  })
  parser.push(offset ? bytes.subarray(offset) : bytes)
  if (found === null) return { ok: false, needed: bytes.length - offset < 2 ? 2 : headerLengthFromSecondByte(bytes[offset + 1]!) }
  const {
    kind: _kind,
    index: _index,
    offset: _offset,
    headerLength,
    lengthHighWord: _high,
    truncated: _truncated,
    payload: _payload,
    payloadCut: _cut,
    ...header
  } = found as FrameRecord
  return { ok: true, header, headerLength }
}
