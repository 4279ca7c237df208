import { finding, type Finding } from './findings.ts'
import { Opcode, isControlOpcode } from './opcodes.ts'
import { checkFrameStart, checkLengthEncoding, checkPayloadLength, type FrameContext } from './frame-checks.ts'
import { decodeFrameHeader, type FrameHandler, type FrameRecord } from './frame-parser.ts'
import { readUint32 } from './frame.ts'
import { applyMask } from './mask.ts'
import { Utf8Validator } from './utf8.ts'
import { MessageInflater, type InflateStatus } from './inflater.ts'
import { paramsFor, type DeflateParams } from './permessage-deflate-params.ts'
import { parseCloseBody } from './close-body.ts'
import { concatBytes } from './bytes.ts'

export type MessageType = 'text' | 'binary' | 'close' | 'ping' | 'pong'

export interface MessageRecord {
  kind: 'message'
  index: number
  type: MessageType
  /** Application data after unmasking and decompression. */
  data: Uint8Array
  compressed: boolean
  /** Payload bytes on the wire over all the message's frames. */
  wireLength: number
  frameCount: number
  /** Index and stream offset of the message's first frame. */
  firstFrame: number
  offset: number
  closeCode: number | null
  closeReason: string | null
}

export interface FindingEvent {
  kind: 'finding'
  finding: Finding
}

export type DecoderEvent = FrameRecord | MessageRecord | FindingEvent

export interface AssemblerOptions {
  sender: 'client' | 'server'
  deflate: DeflateParams | null
  /** Largest message in bytes after decompression; 0 = no limit. */
  maxPayload: number
  /** Attach each frame's raw payload to its record (for inspectors; costs a copy per split frame). */
  keepFramePayloads: boolean
}

/**
 * Unmasked payloads of small frames are carved out of shared slabs, as Node pools small
 * Buffers: one allocation per 64 KiB instead of one per frame. Message data is therefore a
 * view that may share its ArrayBuffer with other messages.
 */
const SLAB_SIZE = 64 * 1024
const SLAB_MAX_PIECE = 4 * 1024

const TYPES: Record<number, MessageType> = { 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' }
const EMPTY = new Uint8Array(0)

/**
 * Turns parsed frames into messages (RFC 6455 §5.4–5.6, RFC 7692): fragmentation,
 * interleaved control frames, unmasking, per-sender inflation with context takeover,
 * streaming UTF-8 validation, close bodies and the size limit. Each violation becomes a
 * finding and stops the stream, as a conforming endpoint would fail the connection.
 */
export class MessageAssembler implements FrameHandler {
  readonly events: DecoderEvent[] = []
  /** The violation that stopped decoding, if any. */
  error: Finding | null = null
  closed = false
  truncated = false

  private readonly context: FrameContext
  private readonly keepPayloads: boolean
  private readonly inflater: MessageInflater | null
  private readonly utf8 = new Utf8Validator()
  private messageCount = 0

  // The data message being assembled.
  private messageType: MessageType = 'binary'
  private messageCompressed = false
  /** The message's data so far: most messages are one piece, so an array only when needed. */
  private firstPiece: Uint8Array | null = null
  private morePieces: Uint8Array[] | null = null
  private messageLength = 0
  private messageWireLength = 0
  private messageFrames = 0
  private messageFirstFrame = 0
  private messageOffset = 0

  private slab = new Uint8Array(SLAB_SIZE)
  private slabUsed = 0

  // The frame being read.
  private frame: FrameRecord | null = null
  private control = false
  private keyIndex = 0
  private controlPayload = new Uint8Array(125)
  private rawPieces: Uint8Array[] = []
  /** Whether the current frame's record is already among the events. */
  private frameReported = false

  constructor(private readonly options: AssemblerOptions) {
    this.keepPayloads = options.keepFramePayloads
    this.context = { sender: options.sender, deflate: options.deflate !== null, fragmentedOpcode: 0 }
    this.inflater = options.deflate ? new MessageInflater(paramsFor(options.deflate, options.sender)) : null
  }

  onHeader(frame: FrameRecord, byte0: number, byte1: number): boolean {
    this.frameReported = false
    const problem = this.headerProblem(frame, byte0, byte1, true)
    if (problem) return this.fail(problem, frame)
    const encoding = checkLengthEncoding(frame.payloadLength, frame.lengthBits, frame.offset, frame.headerLength)
    if (encoding) this.events.push({ kind: 'finding', finding: encoding })

    this.frame = frame
    this.keyIndex = 0
    this.control = isControlOpcode(frame.opcode)
    if (this.keepPayloads) this.rawPieces = []
    if (this.control) return true

    if (frame.opcode !== Opcode.CONTINUATION) this.startMessage(frame)
    this.messageFrames++
    this.messageWireLength += frame.payloadLength
    this.context.fragmentedOpcode = frame.fin ? 0 : this.messageType === 'text' ? Opcode.TEXT : Opcode.BINARY
    return true
  }

  /**
   * Every rule a header alone decides, in the order endpoints check them. Uncompressed sizes
   * are known from the header, so a message over the limit is refused before any buffering.
   */
  private headerProblem(frame: FrameRecord, byte0: number, byte1: number, lengthKnown: boolean): Finding | null {
    const startProblem = checkFrameStart(byte0, byte1, this.context, frame.offset)
    if (startProblem || !lengthKnown) return startProblem
    const lengthProblem = checkPayloadLength(frame.payloadLength, frame.lengthHighWord, frame.offset, frame.headerLength)
    if (lengthProblem) return lengthProblem
    const { maxPayload } = this.options
    if (maxPayload === 0 || isControlOpcode(frame.opcode)) return null
    const continuing = frame.opcode === Opcode.CONTINUATION
    const compressed = continuing ? this.messageCompressed : frame.rsv1
    const before = continuing ? this.messageLength : 0
    return !compressed && before + frame.payloadLength > maxPayload ? tooBig(maxPayload, frame) : null
  }

  onPayload(bytes: Uint8Array, start: number, end: number): boolean {
    const frame = this.frame!
    if (this.keepPayloads) this.rawPieces.push(bytes.slice(start, end))
    if (this.control) {
      this.unmaskInto(bytes, start, end, this.controlPayload, this.keyIndex)
      this.keyIndex += end - start
      return true
    }
    let data: Uint8Array
    if (frame.maskingKey !== null) {
      data = this.allocate(end - start)
      this.unmaskInto(bytes, start, end, data, 0)
    } else {
      data = bytes.subarray(start, end)
    }
    this.keyIndex += end - start
    if (this.inflater && this.messageCompressed) {
      const status = this.inflater.write(data, this.budget(), this.accept)
      return this.checkInflate(status, frame)
    }
    return this.accept(data)
  }

  onFrameEnd(): boolean {
    const frame = this.frame!
    if (this.keepPayloads) frame.payload = concatBytes(this.rawPieces.length ? this.rawPieces : [EMPTY])
    this.events.push(frame)
    this.frameReported = true
    if (this.control) return this.endControl(frame)
    if (!frame.fin) return true
    if (this.inflater && this.messageCompressed) {
      const status = this.inflater.finishMessage(this.budget(), this.accept)
      if (!this.checkInflate(status, frame)) return false
    }
    if (this.messageType === 'text' && !this.utf8.complete) {
      return this.fail(invalidUtf8(frame, 'the message ends inside a UTF-8 character'), frame)
    }
    const data = this.morePieces ? concatBytes(this.morePieces, this.messageLength) : (this.firstPiece ?? EMPTY)
    this.events.push(this.message(this.messageType, data, null, null))
    this.firstPiece = null
    this.morePieces = null
    return true
  }

  onTruncated(partialHeader: Uint8Array | null, offset: number, frame: FrameRecord | null): void {
    if (frame) {
      this.truncated = true
      if (this.keepPayloads) frame.payload = concatBytes(this.rawPieces.length ? this.rawPieces : [EMPTY])
      this.events.push(frame)
      return
    }
    // A partial header still shows the violations of the fields it holds (fail fast, like `ws`).
    if (partialHeader && partialHeader.length >= 2) {
      const { frame: partial, lengthKnown } = partialFrame(partialHeader, offset)
      const problem = this.headerProblem(partial, partialHeader[0], partialHeader[1], lengthKnown)
      if (problem) {
        this.frameReported = false
        this.fail(problem, partial)
        return
      }
    }
    this.truncated = true
  }

  /** Takes one piece of application data: validates text, enforces the limit, keeps it. */
  private readonly accept = (data: Uint8Array): boolean => {
    const frame = this.frame!
    if (this.messageType === 'text') {
      const bad = this.utf8.push(data)
      if (bad >= 0) {
        return this.fail(invalidUtf8(frame, `byte 0x${data[bad].toString(16).padStart(2, '0')} at position ${this.messageLength + bad} of the message cannot occur there`), frame)
      }
    }
    this.messageLength += data.length
    if (this.firstPiece === null) this.firstPiece = data
    else (this.morePieces ??= [this.firstPiece]).push(data)
    return true
  }

  private checkInflate(status: InflateStatus, frame: FrameRecord): boolean {
    if (status === 'ok') return true
    if (status === 'stopped') return false
    if (status === 'too-big') return this.fail(tooBig(this.options.maxPayload, frame), frame)
    return this.fail(
      finding('deflate.inflate-failed', 'error', 1007, 'RFC 7692 §7.2.2', `compressed data does not inflate: ${this.inflater!.errorMessage}`, frame.offset, frame.headerLength + frame.payloadLength),
      frame,
    )
  }

  private budget(): number {
    const { maxPayload } = this.options
    return maxPayload > 0 ? maxPayload - this.messageLength : Infinity
  }

  private startMessage(frame: FrameRecord): void {
    this.messageType = frame.opcode === Opcode.TEXT ? 'text' : 'binary'
    this.messageCompressed = frame.rsv1
    this.firstPiece = null
    this.morePieces = null
    this.messageLength = 0
    this.messageWireLength = 0
    this.messageFrames = 0
    this.messageFirstFrame = frame.index
    this.messageOffset = frame.offset
    this.utf8.reset()
  }

  private endControl(frame: FrameRecord): boolean {
    const data = this.controlPayload.slice(0, frame.payloadLength)
    const type = TYPES[frame.opcode]
    if (type !== 'close') {
      this.events.push(this.controlMessage(frame, type, data, null, null))
      return true
    }
    const { body, finding: problem } = parseCloseBody(data, frame.offset, frame.headerLength + frame.payloadLength)
    if (problem) return this.fail(problem, frame)
    this.events.push(this.controlMessage(frame, type, data, body.code, body.code === null ? null : body.reason))
    this.closed = true
    return false
  }

  private message(type: MessageType, data: Uint8Array, closeCode: number | null, closeReason: string | null): MessageRecord {
    return {
      kind: 'message',
      index: this.messageCount++,
      type,
      data,
      compressed: this.messageCompressed,
      wireLength: this.messageWireLength,
      frameCount: this.messageFrames,
      firstFrame: this.messageFirstFrame,
      offset: this.messageOffset,
      closeCode,
      closeReason,
    }
  }

  private controlMessage(frame: FrameRecord, type: MessageType, data: Uint8Array, closeCode: number | null, closeReason: string | null): MessageRecord {
    return {
      kind: 'message',
      index: this.messageCount++,
      type,
      data,
      compressed: false,
      wireLength: frame.payloadLength,
      frameCount: 1,
      firstFrame: frame.index,
      offset: frame.offset,
      closeCode,
      closeReason,
    }
  }

  private allocate(length: number): Uint8Array {
    if (length > SLAB_MAX_PIECE) return new Uint8Array(length)
    if (this.slabUsed + length > SLAB_SIZE) {
      this.slab = new Uint8Array(SLAB_SIZE)
      this.slabUsed = 0
    }
    const piece = this.slab.subarray(this.slabUsed, this.slabUsed + length)
    this.slabUsed += length
    return piece
  }

  private unmaskInto(bytes: Uint8Array, start: number, end: number, target: Uint8Array, targetStart: number): void {
    const frame = this.frame!
    if (frame.maskingKey === null) target.set(bytes.subarray(start, end), targetStart)
    else applyMask(bytes, start, end, frame.maskingKey, this.keyIndex, target, targetStart)
  }

  /** Records the violation after the frame it was found on (unless already reported) and stops. */
  private fail(problem: Finding, frame: FrameRecord): false {
    if (!this.frameReported) {
      if (this.keepPayloads && this.rawPieces.length) frame.payload = concatBytes(this.rawPieces)
      this.events.push(frame)
      this.frameReported = true
    }
    this.error = problem
    this.events.push({ kind: 'finding', finding: problem })
    return false
  }
}

/** What the bytes of a header cut short tell about its frame (fields not yet read are 0/null). */
function partialFrame(header: Uint8Array, offset: number): { frame: FrameRecord; lengthKnown: boolean } {
  const full = new Uint8Array(14)
  full.set(header)
  const decoded = decodeFrameHeader(full)
  if (!decoded.ok) throw new Error('14 bytes always hold a header')
  const extended = decoded.header.lengthBits === 7 ? 0 : decoded.header.lengthBits === 16 ? 2 : 8
  const lengthKnown = header.length >= 2 + extended
  const frame: FrameRecord = {
    kind: 'frame',
    index: -1,
    offset,
    headerLength: decoded.headerLength,
    ...decoded.header,
    maskingKey: null,
    payloadLength: lengthKnown ? decoded.header.payloadLength : 0,
    lengthHighWord: lengthKnown && extended === 8 ? readUint32(full, 2) : 0,
    truncated: true,
  }
  return { frame, lengthKnown }
}

function tooBig(maxPayload: number, frame: FrameRecord): Finding {
  return finding('message.too-big', 'error', 1009, 'RFC 6455 §10.4', `message exceeds the ${maxPayload}-byte limit`, frame.offset, frame.headerLength)
}

function invalidUtf8(frame: FrameRecord, detail: string): Finding {
  return finding('message.invalid-utf8', 'error', 1007, 'RFC 6455 §8.1', `text message is not valid UTF-8: ${detail}`, frame.offset, frame.headerLength + frame.payloadLength)
}
