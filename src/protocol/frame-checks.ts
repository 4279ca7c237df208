import type { Sender } from './sender.ts'
import { finding, type Finding, type FindingCode } from './findings.ts'
import { Opcode, isControlOpcode, isReservedOpcode, opcodeLabel } from './opcodes.ts'
import { MAX_SAFE_PAYLOAD_LENGTH, minimalLengthBits, type LengthBits } from './frame.ts'

/** What a frame's validity depends on besides its own bytes. */
export interface FrameContext {
  /** Who sent the bytes: clients must mask, servers must not (RFC 6455 §5.1). */
  sender: Sender
  /** permessage-deflate was negotiated, so RSV1 marks a compressed message (RFC 7692 §6). */
  deflate: boolean
  /**
   * Opcode of the fragmented data message in progress, 0 when there is none, or
   * FRAGMENT_UNKNOWN right after a gap in the input, when either may be true.
   */
  fragmentedOpcode: number
}

/** After bytes were lost, a continuation frame (the end of a message begun before) is as plausible as a new message. */
export const FRAGMENT_UNKNOWN = -1

/** A violation the first two header bytes show: the finding covers them. */
function protocolError(code: FindingCode, message: string, offset: number): Finding {
  return finding(code, message, offset, 2)
}

/**
 * Checks everything the first two header bytes decide, in the order `ws` and most endpoints
 * apply them, so the first violation found is the one a peer would close with.
 */
export function checkFrameStart(byte0: number, byte1: number, context: FrameContext, offset: number): Finding | null {
  const fin = (byte0 & 0x80) !== 0
  const rsv1 = (byte0 & 0x40) !== 0
  const opcode = byte0 & 0x0f
  const len7 = byte1 & 0x7f

  if (byte0 & 0x30) {
    const bits = [byte0 & 0x20 ? 'RSV2' : '', byte0 & 0x10 ? 'RSV3' : ''].filter(Boolean).join(' and ')
    return protocolError('frame.reserved-bit', `${bits} set, but no negotiated extension defines ${bits.includes('and') ? 'them' : 'it'}`, offset)
  }
  if (rsv1 && !context.deflate) {
    return protocolError('frame.rsv1-without-extension', 'RSV1 set, but no extension that uses it (such as permessage-deflate) was negotiated', offset)
  }
  if (isReservedOpcode(opcode)) {
    return protocolError('frame.reserved-opcode', `opcode 0x${opcode.toString(16)} is a ${opcodeLabel(opcode)} opcode that no extension defines`, offset)
  }
  if (opcode === Opcode.CONTINUATION) {
    if (rsv1) {
      return protocolError('frame.rsv1-on-continuation', 'RSV1 set on a continuation frame: permessage-deflate marks only the first frame of a message', offset)
    }
    if (context.fragmentedOpcode === 0) {
      return protocolError('frame.unexpected-continuation', 'continuation frame, but no fragmented message is in progress', offset)
    }
  } else if (!isControlOpcode(opcode)) {
    if (context.fragmentedOpcode > 0) {
      return protocolError(
        'frame.data-inside-fragmented',
        `new ${opcodeLabel(opcode)} frame while a fragmented message is unfinished (only continuation or control frames may come next)`,
        offset,
      )
    }
  } else {
    if (!fin) {
      return protocolError('frame.fragmented-control', `${opcodeLabel(opcode)} frame with FIN 0: control frames must not be fragmented`, offset)
    }
    if (rsv1) {
      return protocolError('frame.rsv1-on-control', `RSV1 set on a ${opcodeLabel(opcode)} frame: control frames are never compressed`, offset)
    }
    if (len7 > 125) {
      return protocolError(
        'frame.control-too-long',
        `${opcodeLabel(opcode)} frame uses an extended payload length: control frames carry at most 125 bytes`,
        offset,
      )
    }
    if (opcode === Opcode.CLOSE && len7 === 1) {
      return protocolError('frame.close-one-byte', 'close frame with a 1-byte body: a body holds a 2-byte status code, then an optional reason', offset)
    }
  }
  const masked = (byte1 & 0x80) !== 0
  if (context.sender === 'client' && !masked) {
    return protocolError('frame.unmasked-client-frame', 'unmasked frame from a client: a client must mask every frame it sends', offset)
  }
  if (context.sender === 'server' && masked) {
    return protocolError('frame.masked-server-frame', 'masked frame from a server: a server must not mask the frames it sends', offset)
  }
  return null
}

/** Checks the decoded payload length: lengths JavaScript cannot hold are refused with 1009 like `ws`. */
export function checkPayloadLength(payloadLength: number, highWord: number, offset: number, headerLength: number): Finding | null {
  if (highWord >= 0x80000000) {
    return finding('frame.length-msb-set', 'the 64-bit payload length has its most significant bit set (it must be 0)', offset, headerLength)
  }
  if (payloadLength > MAX_SAFE_PAYLOAD_LENGTH) {
    return finding('frame.length-too-large', `payload length ${payloadLength} exceeds 2^53 - 1 bytes, more than any endpoint can buffer`, offset, headerLength)
  }
  return null
}

/** A sender MUST use the minimal length encoding; receivers accept others, so this only warns. */
export function checkLengthEncoding(payloadLength: number, lengthBits: LengthBits, offset: number, headerLength: number): Finding | null {
  const minimal = minimalLengthBits(payloadLength)
  if (minimal === lengthBits) return null
  return finding(
    'frame.non-minimal-length',
    `payload length ${payloadLength} written with the ${lengthBits}-bit form; the minimal form is ${minimal === 7 ? 'the 7-bit field' : `the ${minimal}-bit extended length`}`,
    offset,
    headerLength,
  )
}
