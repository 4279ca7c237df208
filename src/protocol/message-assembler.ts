import { finding, type Finding } from './findings.ts'
import { Opcode, isControlOpcode } from './opcodes.ts'
import { checkFrameStart, checkLengthEncoding, checkPayloadLength, FRAGMENT_UNKNOWN, type FrameContext } from './frame-checks.ts'
import { decodeFrameHeader, type FrameCut, type FrameHandler, type FrameRecord } from './frame-parser.ts'
import { readUint32 } from './frame.ts'
import { applyMask } from './mask.ts'
import { Utf8Validator } from './utf8.ts'
import { MessageInflater, type InflateStatus } from './inflater.ts'
import { paramsFor, type DeflateParams } from './permessage-deflate-params.ts'
import type { Sender } from './sender.ts'
import type { CountingSink, EventSink, MessageGapEffect, MessageRecord, MessageType } from './decoder-events.ts'
import { MessageData } from './message-data.ts'
import { ControlFrameReader } from './control-frames.ts'
import { FrameDisplay, type DisplayLimits } from './frame-display.ts'
import { GapRecovery, frameCutFinding, messageCutFinding } from './capture-gaps.ts'
import { Slab } from './slab.ts'
import { byteView } from './bytes.ts'

export interface AssemblerOptions {
  sender: Sender
  deflate: DeflateParams | null
  /**
   * Largest message in bytes after decompression, 0 = no limit. Compressed bytes on the wire are
   * bounded too (with room for deflate's expansion): a stream of empty deflate blocks inflates to
   * nothing but still costs the reader, so it must not go on for ever.
   */
  maxPayload: number
  /** Most frames one data message may arrive in; 0 = no limit. */
  maxFragments: number
  /** Keep each frame's raw payload on its record, up to these caps (null: keep none). */
  display: DisplayLimits | null
  /** The events' sink when it counts: whole messages go to it without records (see CountingSink). */
  counting: CountingSink | null
}

/** What one connection direction holds at a moment, in bytes and arrays (for tests of bounded cost). */
export interface Retained {
  messageBytes: number
  messageArrays: number
  displayBytes: number
  /**
   * Where the message in progress began (the stream offset of its first frame) while it holds
   * bytes, else null: those may be views of the bytes pushed from there on, so the caller must
   * leave them as they are; earlier bytes, the decoder reads no more.
   */
  messageOffset: number | null
}

/**
 * Turns parsed frames into messages (RFC 6455 §5.4–5.6, RFC 7692): fragmentation,
 * interleaved control frames, unmasking, per-sender inflation, UTF-8 validation of text and
 * the size and fragment limits. Each violation becomes a finding and stops the stream, as a
 * conforming endpoint would fail the connection. Control frames (control-frames.ts), message
 * data (message-data.ts), kept payloads (frame-display.ts) and recovery after capture gaps
 * (capture-gaps.ts) each live in their own file; this one orders them.
 */
export class MessageAssembler implements FrameHandler {
  /** The violation that stopped decoding, if any. */
  error: Finding | null = null
  closed = false
  truncated = false

  private readonly context: FrameContext
  private readonly inflater: MessageInflater | null
  private readonly utf8 = new Utf8Validator()
  private readonly data = new MessageData()
  private readonly controlFrame = new ControlFrameReader()
  private readonly display: FrameDisplay | null
  private readonly gaps = new GapRecovery()
  private readonly slab = new Slab()
  private messageCount = 0

  // The data message being assembled.
  private messageType: MessageType = 'binary'
  private messageCompressed = false
  private messageWireLength = 0
  private messageFrames = 0
  private messageFirstFrame = 0
  private messageOffset = 0

  /** A whole message for the counting sink, until its frame ends: its data is wholeBytes[wholeStart, wholeEnd). */
  private wholeBytes: Uint8Array | null = null
  private wholeStart = 0
  private wholeEnd = 0

  // The frame being read.
  private frame: FrameRecord | null = null
  private control = false
  private keyIndex = 0
  /** Whether the current frame's record is already among the events. */
  private frameReported = false
  /** The stream position the next frame header takes (a header cut short included). */
  private nextFrameIndex = 0

  /** `events` takes the records in stream order. */
  constructor(
    private readonly events: EventSink,
    private readonly options: AssemblerOptions,
  ) {
    this.context = { sender: options.sender, deflate: options.deflate !== null, fragmentedOpcode: 0 }
    this.inflater = options.deflate ? new MessageInflater(paramsFor(options.deflate, options.sender)) : null
    this.display = options.display ? new FrameDisplay(options.display) : null
  }

  get retained(): Retained {
    return {
      messageBytes: this.data.length,
      messageArrays: this.data.heldArrays,
      displayBytes: this.display?.retained ?? 0,
      messageOffset: this.data.length ? this.messageOffset : null,
    }
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
    const continuing = frame.opcode === Opcode.CONTINUATION
    this.display?.begin(frame.payloadLength, this.control, continuing)
    if (this.control) {
      this.controlFrame.begin()
      return true
    }
    if (!continuing) this.startMessage(frame)
    else if (this.continuesLostMessage) return this.continueLostMessage(frame)
    this.messageFrames++
    this.messageWireLength += frame.payloadLength
    this.context.fragmentedOpcode = frame.fin ? 0 : this.messageType === 'text' ? Opcode.TEXT : Opcode.BINARY
    return true
  }

  /**
   * Every rule a header alone decides, in the order endpoints check them. Sizes on the wire
   * are known from the header, so a message over a limit is refused before any buffering.
   */
  private headerProblem(frame: FrameRecord, byte0: number, byte1: number, lengthKnown: boolean): Finding | null {
    const startProblem = checkFrameStart(byte0, byte1, this.context, frame.offset)
    if (startProblem || !lengthKnown) return startProblem
    const lengthProblem = checkPayloadLength(frame.payloadLength, frame.lengthHighWord, frame.offset, frame.headerLength)
    if (lengthProblem) return lengthProblem
    if (isControlOpcode(frame.opcode)) return null
    const continuing = frame.opcode === Opcode.CONTINUATION
    // Frames of a message that began before a gap are listed, not assembled: nothing is held.
    if (continuing && this.continuesLostMessage) return null
    const { maxPayload, maxFragments } = this.options
    if (continuing && maxFragments > 0 && this.messageFrames >= maxFragments) return tooManyFragments(maxFragments, frame)
    const before = continuing ? this.messageWireLength : 0
    const compressed = continuing ? this.messageCompressed : frame.rsv1
    return maxPayload > 0 && before + frame.payloadLength > wireLimit(maxPayload, compressed) ? tooBig(maxPayload, frame) : null
  }

  onPayload(bytes: Uint8Array, start: number, end: number): boolean {
    const frame = this.frame!
    this.display?.add(bytes, start, end)
    if (this.control) {
      this.controlFrame.add(frame, bytes, start, end)
      return true
    }
    if (this.gaps.inLostMessage) return true
    if (this.options.counting && this.arrivesWhole(end - start)) return this.takeWhole(frame, bytes, start, end)
    let data: Uint8Array
    if (frame.maskingKey !== null) {
      data = this.slab.allocate(end - start)
      applyMask(bytes, start, end, frame.maskingKey, this.keyIndex, data, 0)
    } else {
      data = byteView(bytes, start, end)
    }
    this.keyIndex += end - start
    if (this.inflates) return this.checkInflate(this.inflater!.write(data, this.budget(), this.accept), frame)
    return this.accept(data)
  }

  onFrameEnd(): boolean {
    const frame = this.frame!
    this.emitFrame(frame)
    if (this.control) return this.endControl(frame)
    if (this.gaps.inLostMessage) {
      this.gaps.inLostMessage = !frame.fin
      return true
    }
    if (!frame.fin) return true
    if (this.inflates && !this.checkInflate(this.inflater!.finishMessage(this.budget(), this.accept), frame)) return false
    if (this.validatesText && !this.utf8.complete) {
      return this.fail(invalidUtf8(frame, 'the message ends inside a UTF-8 character'), frame)
    }
    if (this.wholeBytes !== null) {
      const bytes = this.wholeBytes
      this.wholeBytes = null
      this.messageCount++
      this.options.counting!.wholeMessage(this.messageType === 'text' ? 'text' : 'binary', bytes, this.wholeStart, this.wholeEnd)
      return true
    }
    this.events.push(this.dataMessage(this.messageCompressed && this.gaps.contextLost ? 'not-inflated' : null))
    return true
  }

  onTruncated(partialHeader: Uint8Array | null, offset: number, frame: FrameRecord | null): void {
    if (frame) {
      this.truncated = true
      this.emitFrame(frame)
      return
    }
    // A partial header still shows the violations of the fields it holds (fail fast, like `ws`).
    if (partialHeader && partialHeader.length >= 2) {
      const { frame: partial, lengthKnown } = partialFrame(partialHeader, offset, this.nextFrameIndex)
      const problem = this.headerProblem(partial, partialHeader[0]!, partialHeader[1]!, lengthKnown)
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
    const cutFrame = cut && 'frame' in cut ? cut : null
    const inMessage = !this.gaps.inLostMessage && ((cutFrame !== null && !this.control) || this.context.fragmentedOpcode > 0)
    if (cutFrame) {
      if (!this.control && !this.gaps.inLostMessage) this.messageWireLength -= cutFrame.frame.payloadLength - cutFrame.received
      this.emitFrame(cutFrame.frame)
    }
    if (inMessage) {
      const message = this.dataMessage('cut')
      this.events.push(message)
      this.events.push({ kind: 'finding', finding: messageCutFinding(message.type, message.data.length, message.offset, offset, length, cut) })
    } else if (cut) {
      this.events.push({ kind: 'finding', finding: frameCutFinding(cut, offset, length) })
    }
    this.frame = null
    this.gaps.inLostMessage = false
    this.data.clear()
    this.context.fragmentedOpcode = FRAGMENT_UNKNOWN
    if (this.inflater?.params.noContextTakeover) this.inflater.reset()
    else if (this.inflater) this.gaps.contextLost = true
  }

  /** A continuation frame now ends a message whose start a gap lost. */
  private get continuesLostMessage(): boolean {
    return this.gaps.inLostMessage || this.context.fragmentedOpcode === FRAGMENT_UNKNOWN
  }

  /** Messages are inflated unless the window they depend on was lost in a gap. */
  private get inflates(): boolean {
    return this.inflater !== null && this.messageCompressed && !this.gaps.contextLost
  }

  /** Text is checked as UTF-8 unless it is kept compressed. */
  private get validatesText(): boolean {
    return this.messageType === 'text' && !(this.messageCompressed && this.gaps.contextLost)
  }

  private continueLostMessage(frame: FrameRecord): boolean {
    const note = this.gaps.continueLostMessage(frame)
    if (note) this.events.push({ kind: 'finding', finding: note })
    // The message's type is unknown: any non-zero opcode lets only continuation frames follow.
    this.context.fragmentedOpcode = frame.fin ? 0 : Opcode.BINARY
    return true
  }

  /** Takes one piece of application data: validates text, keeps it. */
  private readonly accept = (data: Uint8Array): boolean => {
    if (this.validatesText) {
      const bad = this.utf8.push(data)
      if (bad >= 0) return this.fail(invalidByte(this.frame!, data[bad]!, this.data.length + bad), this.frame!)
    }
    this.data.append(data)
    return true
  }

  /** The current data frame is a whole message (one frame, not compressed), and `length` bytes are all its payload. */
  private arrivesWhole(length: number): boolean {
    const frame = this.frame!
    return frame.fin && this.messageFrames === 1 && length === frame.payloadLength && !this.messageCompressed
  }

  /**
   * A whole message for the counting sink: unmasked into the slab if need be, its text checked as
   * accept would (unless the sink proves it valid), held as a range until its frame ends.
   */
  private takeWhole(frame: FrameRecord, bytes: Uint8Array, start: number, end: number): boolean {
    if (frame.maskingKey !== null) {
      const at = this.slab.reserve(end - start)
      applyMask(bytes, start, end, frame.maskingKey, 0, this.slab.reserved, at)
      bytes = this.slab.reserved
      end = at + end - start
      start = at
    }
    if (this.validatesText && !this.options.counting!.provesUtf8?.(bytes, start, end)) {
      const bad = this.utf8.push(bytes, start, end)
      if (bad >= 0) return this.fail(invalidByte(frame, bytes[bad]!, bad - start), frame)
    }
    this.wholeBytes = bytes
    this.wholeStart = start
    this.wholeEnd = end
    return true
  }

  private checkInflate(status: InflateStatus, frame: FrameRecord): boolean {
    if (status === 'ok') return true
    if (status === 'stopped') return false
    if (status === 'too-big') return this.fail(tooBig(this.options.maxPayload, frame), frame)
    return this.fail(
      finding(
        'deflate.inflate-failed',
        `compressed data does not inflate: ${this.inflater!.errorMessage}`,
        frame.offset,
        frame.headerLength + frame.payloadLength,
      ),
      frame,
    )
  }

  /** How many more inflated bytes the message may have. */
  private budget(): number {
    const { maxPayload } = this.options
    return maxPayload > 0 ? maxPayload - this.data.length : Infinity
  }

  private startMessage(frame: FrameRecord): void {
    this.messageType = frame.opcode === Opcode.TEXT ? 'text' : 'binary'
    this.messageCompressed = frame.rsv1
    const note = frame.rsv1 ? this.gaps.compressedMessage(frame, this.options.sender) : null
    if (note) this.events.push({ kind: 'finding', finding: note })
    this.data.clear()
    this.messageWireLength = 0
    this.messageFrames = 0
    this.messageFirstFrame = frame.index
    this.messageOffset = frame.offset
    this.utf8.reset()
  }

  private endControl(frame: FrameRecord): boolean {
    const result = this.controlFrame.end(frame)
    if (!result.ok) return this.fail(result.finding, frame)
    this.events.push({
      kind: 'message',
      index: this.messageCount++,
      type: result.type,
      data: result.data,
      compressed: false,
      wireLength: frame.payloadLength,
      frameCount: 1,
      firstFrame: frame.index,
      offset: frame.offset,
      closeCode: result.closeCode,
      closeReason: result.closeReason,
      gap: null,
    })
    if (result.type !== 'close') return true
    this.closed = true
    return false
  }

  /** The data message assembled so far, as a record; its data is handed over. */
  private dataMessage(gap: MessageGapEffect | null): MessageRecord {
    return {
      kind: 'message',
      index: this.messageCount++,
      type: this.messageType,
      data: this.data.take(),
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

  /** Lists a frame's record, completed with its kept payload: it does not change afterwards. */
  private emitFrame(frame: FrameRecord): void {
    if (this.display) {
      const { payload, payloadCut } = this.display.take()
      frame.payload = payload
      if (payloadCut) frame.payloadCut = true
    }
    this.events.push(frame)
    this.frameReported = true
  }

  /** Records the violation after the frame it was found on (unless already reported) and stops. */
  private fail(problem: Finding, frame: FrameRecord): false {
    if (!this.frameReported) this.emitFrame(frame)
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

/**
 * The limit is on the message after decompression; compressed bytes on the wire get room for
 * deflate's worst expansion of incompressible data, so a valid message at the limit passes while
 * a stream of empty blocks still ends.
 */
function wireLimit(maxPayload: number, compressed: boolean): number {
  return compressed ? maxPayload * 2 + 1024 : maxPayload
}

function tooBig(maxPayload: number, frame: FrameRecord): Finding {
  return finding('message.too-big', `message exceeds the ${maxPayload}-byte limit`, frame.offset, frame.headerLength)
}

function tooManyFragments(maxFragments: number, frame: FrameRecord): Finding {
  return finding(
    'message.too-many-fragments',
    `message arrives in more than ${maxFragments} frames, the most this reader holds for one message`,
    frame.offset,
    frame.headerLength,
  )
}

function invalidByte(frame: FrameRecord, byte: number, position: number): Finding {
  return invalidUtf8(frame, `byte 0x${byte.toString(16).padStart(2, '0')} at position ${position} of the message cannot occur there`)
}

function invalidUtf8(frame: FrameRecord, detail: string): Finding {
  return finding('message.invalid-utf8', `text message is not valid UTF-8: ${detail}`, frame.offset, frame.headerLength + frame.payloadLength)
}
