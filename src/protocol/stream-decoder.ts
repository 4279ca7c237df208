import { FrameParser } from './frame-parser.ts'
import { MessageAssembler, type DecoderEvent } from './message-assembler.ts'
import type { DeflateParams } from './permessage-deflate-params.ts'
import type { Finding } from './findings.ts'

export interface StreamDecoderOptions {
  /** Who sent the bytes (decides the masking rule). */
  from: 'client' | 'server'
  /** The negotiated permessage-deflate parameters, or null when it was not negotiated. */
  deflate?: DeflateParams | null
  /** Largest message after decompression, in bytes; 0 = no limit. Default 100 MiB. */
  maxPayload?: number
  /** Keep each frame's raw payload on its record (inspectors want it; bulk decoding does not). */
  keepFramePayloads?: boolean
}

export const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024

/**
 * Sans-I/O decoder for ONE direction of one connection: push bytes in with `receiveData`,
 * pull frames, messages and findings out with `eventsReceived`. No sockets, timers or DOM;
 * the same code runs in the browser, a Web Worker and Node.
 */
export class StreamDecoder {
  private readonly assembler: MessageAssembler
  private readonly parser: FrameParser
  private ended = false

  constructor(options: StreamDecoderOptions) {
    this.assembler = new MessageAssembler({
      sender: options.from,
      deflate: options.deflate ?? null,
      maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
      keepFramePayloads: options.keepFramePayloads ?? false,
    })
    this.parser = new FrameParser(this.assembler)
  }

  /** Feeds the next bytes. Chunks may be any size; the pushed bytes must not be modified later. */
  receiveData(chunk: Uint8Array): void {
    if (this.ended) throw new Error('receiveData after receiveEof')
    this.parser.push(chunk)
  }

  /** Signals the end of the input, so a frame cut short is reported as truncated. */
  receiveEof(): void {
    if (this.ended) return
    this.ended = true
    this.parser.finish()
  }

  /** Returns the events produced since the last call, in order. */
  eventsReceived(): DecoderEvent[] {
    return this.assembler.events.splice(0)
  }

  /** The violation that stopped decoding (the connection would be failed with its close code). */
  get error(): Finding | null {
    return this.assembler.error
  }

  /** A Close frame was received; nothing after it is decoded. */
  get closed(): boolean {
    return this.assembler.closed
  }

  /** The input ended inside a frame (only known after receiveEof). */
  get truncated(): boolean {
    return this.assembler.truncated
  }

  /** Decoding has stopped: an error or a Close frame. Later bytes are ignored. */
  get stopped(): boolean {
    return this.parser.stopped
  }

  /** After receiveEof: bytes still missing from the frame the input cut short (at least), else 0. */
  get missingBytes(): number {
    return this.parser.missingBytes
  }

  /** Bytes consumed so far (up to where decoding stopped). */
  get offset(): number {
    return this.parser.offset
  }
}
