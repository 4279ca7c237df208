import { finding, type Finding } from './findings.ts'
import { Opcode, isControlOpcode, opcodeLabel } from './opcodes.ts'
import { checkFrameStart, checkLengthEncoding, checkPayloadLength, FRAGMENT_UNKNOWN, type FrameContext } from './frame-checks.ts'
import { decodeFrameHeader, type FrameCut, type FrameHandler, type FrameRecord } from './frame-parser.ts'
import { readUint32 } from './frame.ts'
import { applyMask } from './mask.ts'
import { Utf8Validator } from './utf8.ts'
import { MessageInflater, type InflateStatus } from './inflater.ts'
import { paramsFor, type DeflateParams } from './permessage-deflate-params.ts'
import { parseCloseBody } from './close-body.ts'
import { concatBytes } from './bytes.ts'

export type MessageType = 'text' | 'binary' | 'close' | 'ping' | 'pong'

/**
 * How a gap in the input (bytes never captured) spoiled a message. 'cut': part of it was lost;
 * `data` holds what was decoded before the gap. 'not-inflated': whole on the wire, but
 * compressed against an LZ77 window the gap lost (context takeover); `data` holds its
 * compressed payload, unmasked.
 */
export type MessageGapEffect = 'cut' | 'not-inflated'

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
  /** Null for a message decoded whole. */
  gap: MessageGapEffect | null
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
  /** The stream position the next frame header takes (a header cut short included). */
  private nextFrameIndex = 0

  // After a gap in the input.
  /** The current frames end a message whose start was lost: listed, not assembled. */
  private tail = false
  /** With context takeover, the compression window was lost: compressed messages stay compressed. */
  private contextLost = false
  private contextLossReported = false

  constructor(private readonly options: AssemblerOptions) {
    this.keepPayloads = options.keepFramePayloads
    this.context = { sender: options.sender, deflate: options.deflate !== null, fragmentedOpcode: 0 }
    this.inflater = options.deflate ? new MessageInflater(paramsFor(options.deflate, options.sender)) : null
  }

  onHeader(frame: FrameRecord, byte0: number, byte1: number): boolean {
    this.frameReported = false
    this.nextFrameIndex = frame.index + 1
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
    else if (this.tail || this.context.fragmentedOpcode === FRAGMENT_UNKNOWN) return this.continueLostMessage(frame)
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
    const inflates = (continuing ? this.messageCompressed : frame.rsv1) && !this.contextLost
    const before = continuing ? this.messageLength : 0
    return !inflates && before + frame.payloadLength > maxPayload ? tooBig(maxPayload, frame) : null
  }

  onPayload(bytes: Uint8Array, start: number, end: number): boolean {
    const frame = this.frame!
    if (this.keepPayloads) this.rawPieces.push(bytes.slice(start, end))
    if (this.control) {
      this.unmaskInto(bytes, start, end, this.controlPayload, this.keyIndex)
      this.keyIndex += end - start
      return true
    }
    if (this.tail) return true
    let data: Uint8Array
    if (frame.maskingKey !== null) {
      data = this.allocate(end - start)
      this.unmaskInto(bytes, start, end, data, 0)
    } else {
      data = bytes.subarray(start, end)
    }
    this.keyIndex += end - start
    if (this.inflates) {
      const status = this.inflater!.write(data, this.budget(), this.accept)
      return this.checkInflate(status, frame)
    }
    return this.accept(data)
  }

  onFrameEnd(): boolean {
    const frame = this.frame!
    this.pushFrame(frame)
    if (this.control) return this.endControl(frame)
    if (this.tail) {
      this.tail = !frame.fin
      return true
    }
    if (!frame.fin) return true
    if (this.inflates) {
      const status = this.inflater!.finishMessage(this.budget(), this.accept)
      if (!this.checkInflate(status, frame)) return false
    }
    if (this.validatesText && !this.utf8.complete) {
      return this.fail(invalidUtf8(frame, 'the message ends inside a UTF-8 character'), frame)
    }
    this.events.push(this.dataMessage(this.messageCompressed && this.contextLost ? 'not-inflated' : null))
    return true
  }

  onTruncated(partialHeader: Uint8Array | null, offset: number, frame: FrameRecord | null): void {
    if (frame) {
      this.truncated = true
      this.pushFrame(frame)
      return
    }
    // A partial header still shows the violations of the fields it holds (fail fast, like `ws`).
    if (partialHeader && partialHeader.length >= 2) {
      const { frame: partial, lengthKnown } = partialFrame(partialHeader, offset, this.nextFrameIndex)
      const problem = this.headerProblem(partial, partialHeader[0], partialHeader[1], lengthKnown)
      if (problem) {
        this.frameReported = false
        this.fail(problem, partial)
        return
      }
    }
    this.truncated = true
  }

  /**
   * `length` bytes were lost at stream `offset` (a capture gap), where the parser was cut in
   * the middle of `cut`. Reports the frame and the message in progress (kept, marked), then
   * forgets what the lost bytes may have changed: whether a fragmented message is in progress
   * and, with context takeover, the compression window.
   */
  onGap(cut: FrameCut | null, offset: number, length: number): void {
    const lost = `a gap of ${length} bytes`
    const frameCut = cut && 'frame' in cut ? cut : null
    const inMessage = !this.tail && ((frameCut !== null && !this.control) || this.context.fragmentedOpcode > 0)
    if (frameCut) {
      if (!this.control && !this.tail) this.messageWireLength -= frameCut.frame.payloadLength - frameCut.received
      this.pushFrame(frameCut.frame)
    }
    const what = !cut ? '' : 'frame' in cut ? `${opcodeLabel(cut.frame.opcode)} frame with ${cut.received} of its ${cut.frame.payloadLength} payload bytes` : `frame header with ${cut.header.length} of its bytes`
    if (inMessage) {
      const message = this.dataMessage('cut')
      const text = `${message.type} message cut by ${lost}: the ${message.data.length} bytes decoded before it are kept, the rest is lost${what ? ` (the gap cuts its ${what})` : ''}`
      this.events.push(message, { kind: 'finding', finding: finding('gap.message-cut', 'warning', null, 'RFC 6455 §5.4', text, message.offset, offset - message.offset) })
    } else if (cut) {
      const start = 'frame' in cut ? cut.frame.offset : cut.offset
      this.events.push({ kind: 'finding', finding: finding('gap.frame-cut', 'warning', null, 'RFC 6455 §5.2', `${lost} cuts a ${what}`, start, offset - start) })
    }
    this.frame = null
    this.tail = false
    this.firstPiece = null
    this.morePieces = null
    this.context.fragmentedOpcode = FRAGMENT_UNKNOWN
    if (this.inflater?.params.noContextTakeover) this.inflater.reset()
    else if (this.inflater) this.contextLost = true
  }

  /** Messages are inflated unless the window they depend on was lost in a gap. */
  private get inflates(): boolean {
    return this.inflater !== null && this.messageCompressed && !this.contextLost
  }

  /** Text is checked as UTF-8 unless it is kept compressed. */
  private get validatesText(): boolean {
    return this.messageType === 'text' && !(this.messageCompressed && this.contextLost)
  }

  /**
   * A continuation frame right after a gap ends a message that began before it: its type,
   * first bytes and compression are lost, so its frames are listed but not assembled.
   */
  private continueLostMessage(frame: FrameRecord): boolean {
    if (!this.tail) {
      const text = 'continuation frame of a message that began before a gap: that message\'s frames are listed but not assembled, since its type and first bytes were lost'
      this.events.push({ kind: 'finding', finding: finding('gap.message-start-lost', 'info', null, 'RFC 6455 §5.4', text, frame.offset, frame.headerLength) })
    }
    this.tail = true
    // The message's type is unknown: any non-zero opcode lets only continuation frames follow.
    this.context.fragmentedOpcode = frame.fin ? 0 : Opcode.BINARY
    return true
  }

  /** Takes one piece of application data: validates text, enforces the limit, keeps it. */
  private readonly accept = (data: Uint8Array): boolean => {
    const frame = this.frame!
    if (this.validatesText) {
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
    if (frame.rsv1 && this.contextLost && !this.contextLossReported) {
      this.contextLossReported = true
      const text = `compressed messages after a gap cannot be inflated: with context takeover each is compressed against the ones before it, and the gap lost that LZ77 window; this and every later compressed message from the ${this.options.sender} keep their compressed bytes`
      this.events.push({ kind: 'finding', finding: finding('gap.deflate-context-lost', 'warning', null, 'RFC 7692 §7.1.1', text, frame.offset, frame.headerLength) })
    }
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

  /** The data message assembled so far, as a record; its pieces are handed over. */
  private dataMessage(gap: MessageGapEffect | null): MessageRecord {
    const data = this.morePieces ? concatBytes(this.morePieces, this.messageLength) : (this.firstPiece ?? EMPTY)
    this.firstPiece = null
    this.morePieces = null
    return {
      kind: 'message',
      index: this.messageCount++,
      type: this.messageType,
      data,
      compressed: this.messageCompressed,
      wireLength: this.messageWireLength,
      frameCount: this.messageFrames,
      firstFrame: this.messageFirstFrame,
      offset: this.messageOffset,
      closeCode: null,
      closeReason: null,
      gap,
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
      gap: null,
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

  /** Lists a frame's record, with its raw payload when payloads are kept. */
  private pushFrame(frame: FrameRecord): void {
    if (this.keepPayloads) frame.payload = concatBytes(this.rawPieces.length ? this.rawPieces : [EMPTY])
    this.events.push(frame)
    this.frameReported = true
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
function partialFrame(header: Uint8Array, offset: number, index: number): { frame: FrameRecord; lengthKnown: boolean } {
  const full = new Uint8Array(14)
  full.set(header)
  const decoded = decodeFrameHeader(full)
  if (!decoded.ok) throw new Error('14 bytes always hold a header')
  const extended = decoded.header.lengthBits === 7 ? 0 : decoded.header.lengthBits === 16 ? 2 : 8
  const lengthKnown = header.length >= 2 + extended
  const frame: FrameRecord = {
    kind: 'frame',
    index,
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
