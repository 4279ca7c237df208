import type { Sender } from './sender.ts'
import { encodeFrameHeader, minimalLengthBits, type LengthBits } from './frame.ts'
import { applyMask } from './mask.ts'
import { Opcode } from './opcodes.ts'
import { MessageDeflater } from './deflater.ts'
import { paramsFor, type DeflateParams } from './permessage-deflate-params.ts'
import { encodeCloseBody } from './close-body.ts'
import { concatBytes, utf8Encode } from './bytes.ts'

/** Fills the array with random bytes; injectable so tests get fixed masking keys. */
export type RandomSource = (bytes: Uint8Array<ArrayBuffer>) => void

const cryptoRandom: RandomSource = (bytes) => {
  globalThis.crypto.getRandomValues(bytes)
}

/**
 * Any frame, valid or deliberately not: every header field can be set, the length can be
 * written in a non-minimal form or disagree with the payload, for crafted test scenarios.
 */
export interface FrameSpec {
  fin?: boolean
  rsv1?: boolean
  rsv2?: boolean
  rsv3?: boolean
  opcode: number
  payload?: Uint8Array
  /** false: unmasked; true: a random key; a number: that 32-bit key. */
  mask?: boolean | number
  /** Force the 7-, 16- or 64-bit length form (default: the minimal one). */
  lengthBits?: LengthBits
  /** Write this length in the header instead of the payload's (makes a frame that lies). */
  declaredLength?: number
}

export function encodeFrame(spec: FrameSpec, random: RandomSource = cryptoRandom): Uint8Array {
  const payload = spec.payload ?? new Uint8Array(0)
  const payloadLength = spec.declaredLength ?? payload.length
  let maskingKey: number | null = null
  if (typeof spec.mask === 'number') maskingKey = spec.mask >>> 0
  else if (spec.mask) maskingKey = randomKey(random)
  const header = encodeFrameHeader({
    fin: spec.fin ?? true,
    rsv1: spec.rsv1 ?? false,
    rsv2: spec.rsv2 ?? false,
    rsv3: spec.rsv3 ?? false,
    opcode: spec.opcode,
    masked: maskingKey !== null,
    maskingKey,
    payloadLength,
    lengthBits: spec.lengthBits ?? minimalLengthBits(payloadLength),
  })
  const out = new Uint8Array(header.length + payload.length)
  out.set(header, 0)
  if (maskingKey === null) out.set(payload, header.length)
  else applyMask(payload, 0, payload.length, maskingKey, 0, out, header.length)
  return out
}

function randomKey(random: RandomSource): number {
  const b = new Uint8Array(4)
  random(b)
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0
}

export interface MessageEncoderOptions {
  /** Who sends: a client masks every frame with a fresh random key (RFC 6455 §5.3). */
  sender: Sender
  /** Negotiated permessage-deflate, to compress messages with the sender's parameters. */
  deflate?: DeflateParams | null
  random?: RandomSource
}

export interface DataOptions {
  /** Compress (needs permessage-deflate; default: compress when negotiated). */
  compress?: boolean
  /** Split the message into frames of at most this many payload bytes. */
  fragmentSize?: number
}

/**
 * Encodes messages as one sender would: masking for a client, one deflate context per
 * sender with its negotiated context-takeover and window parameters.
 */
export class MessageEncoder {
  private readonly deflater: MessageDeflater | null
  private readonly random: RandomSource

  constructor(private readonly options: MessageEncoderOptions) {
    this.deflater = options.deflate ? new MessageDeflater(paramsFor(options.deflate, options.sender)) : null
    this.random = options.random ?? cryptoRandom
  }

  text(text: string, options: DataOptions = {}): Uint8Array {
    return this.data(Opcode.TEXT, utf8Encode(text), options)
  }

  binary(data: Uint8Array, options: DataOptions = {}): Uint8Array {
    return this.data(Opcode.BINARY, data, options)
  }

  ping(data: Uint8Array = new Uint8Array(0)): Uint8Array {
    return this.frame({ opcode: Opcode.PING, payload: data })
  }

  pong(data: Uint8Array = new Uint8Array(0)): Uint8Array {
    return this.frame({ opcode: Opcode.PONG, payload: data })
  }

  close(code: number | null = 1000, reason = ''): Uint8Array {
    return this.frame({ opcode: Opcode.CLOSE, payload: encodeCloseBody(code, reason) })
  }

  /** One frame with this sender's masking (unless the spec says otherwise). */
  frame(spec: FrameSpec): Uint8Array {
    return encodeFrame({ ...spec, mask: spec.mask ?? this.options.sender === 'client' }, this.random)
  }

  private data(opcode: number, data: Uint8Array, options: DataOptions): Uint8Array {
    const compress = options.compress ?? this.deflater !== null
    if (compress && !this.deflater) throw new Error('compression needs permessage-deflate to be negotiated')
    const payload = compress ? this.deflater!.compress(data) : data
    const size = options.fragmentSize && options.fragmentSize > 0 ? options.fragmentSize : Math.max(payload.length, 1)
    const frames: Uint8Array[] = []
    for (let start = 0; start === 0 || start < payload.length; start += size) {
      const end = Math.min(payload.length, start + size)
      frames.push(
        this.frame({
          opcode: start === 0 ? opcode : Opcode.CONTINUATION,
          fin: end >= payload.length,
          rsv1: compress && start === 0,
          payload: payload.subarray(start, end),
        }),
      )
    }
    return concatBytes(frames)
  }
}
