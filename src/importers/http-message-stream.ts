/**
 * Successive HTTP/1.1 messages in one direction of a TCP connection (keep-alive, pipelining):
 * each head parsed, each body stepped over by its framing (chunked per RFC 9112 §7.1) without
 * being copied, so the offset where the next message, or a WebSocket's first frame, begins is
 * exact. It stops, and says why and where, at bytes that are not the HTTP expected there, at
 * a body whose end cannot be known, and at bytes missing from the capture.
 */
import type { BodyFraming } from './http-body-framing.ts'
import { classifyStreamStart, MAX_HEAD_LENGTH, type StreamStart } from './http-upgrade.ts'
import { formatCount } from './import-result.ts'
import type { StreamChunks } from './stream-chunks.ts'

type HeadKind = 'http-request' | 'http-response'
export type HttpRequestHead = Extract<StreamStart, { kind: 'http-request' }>
export type HttpResponseHead = Extract<StreamStart, { kind: 'http-response' }>
type HeadOf<K extends HeadKind> = K extends 'http-request' ? HttpRequestHead : HttpResponseHead

/** A head read off the stream: its stream offsets, and when its last byte was captured. */
export interface HeadAt<H> {
  head: H
  start: number
  end: number
  time: number
}

export type Step<H> = { kind: 'head'; at: HeadAt<H> } | { kind: 'wait' } | { kind: 'stopped' }

/** Head reads grow through these windows: most heads fit the first, so little is copied. */
const HEAD_WINDOWS = [1024, 16 * 1024, MAX_HEAD_LENGTH]
/** Longest chunk-size or trailer line read (real ones are a few bytes). */
const MAX_LINE = 4096
const LINE_WINDOWS = [64, MAX_LINE]
/** 13 hex digits stay below 2^53, so the size is exact as a number. */
const CHUNK_SIZE = /^([0-9a-fA-F]{1,13})[ \t]*(;.*)?$/

type Body =
  | { kind: 'none' }
  | { kind: 'length'; end: number }
  | { kind: 'chunk-size' | 'chunk-end' | 'trailer' }
  | { kind: 'chunk-data'; end: number }
  | { kind: 'unknown' }

const WAIT = { kind: 'wait' } as const
const STOPPED = { kind: 'stopped' } as const

export class HttpMessageStream<K extends HeadKind> {
  /** Stream offset of the next byte to read: a head's start, or how far the current body is skipped. */
  position = 0
  /** Why nothing more can be read, once that is so. */
  stopReason: string | null = null
  private body: Body = { kind: 'none' }

  constructor(
    private readonly chunks: StreamChunks,
    private readonly expected: K,
    /** "client → server", to say where in the reasons. */
    readonly label: string,
  ) {}

  /** True when `position` is a message boundary (no body is being skipped). */
  get betweenMessages(): boolean {
    return this.body.kind === 'none'
  }

  /** Where the current message ends, when that is known without reading its body. */
  get messageEnd(): number | null {
    if (this.body.kind === 'none') return this.position
    return this.body.kind === 'length' ? this.body.end : null
  }

  /** Steps over what is left of the current body, then reads the next head. */
  next(): Step<HeadOf<K>> {
    if (this.stopReason) return STOPPED
    if (!this.skipBody()) return this.stopReason ? STOPPED : WAIT
    return this.readHead()
  }

  /** How the body of the head just read is delimited; `what` names the message, for the reason when that cannot be known. */
  setBody(framing: BodyFraming, what: () => string): void {
    if (framing.kind === 'unknown') {
      this.body = { kind: 'unknown' }
      this.stop(`${this.label}: the end of ${what()} cannot be known: ${framing.reason}`)
    } else if (framing.kind === 'chunked') {
      this.body = { kind: 'chunk-size' }
    } else {
      this.body = framing.length ? { kind: 'length', end: this.position + framing.length } : { kind: 'none' }
    }
  }

  /** Reads nothing more: past this point the messages cannot be told apart. The first reason stays. */
  stop(reason: string): typeof STOPPED {
    this.stopReason ??= reason
    return STOPPED
  }

  /** Steps over the rest of the current body; true once `position` is the message's end. */
  private skipBody(): boolean {
    for (;;) {
      const body = this.body
      if (body.kind === 'none') return true
      if (body.kind === 'unknown') return false
      if (body.kind === 'length' || body.kind === 'chunk-data') {
        if (this.chunks.end < body.end) return false
        this.position = body.end
        this.body = body.kind === 'length' ? { kind: 'none' } : { kind: 'chunk-end' }
        continue
      }
      const lineStart = this.position
      const line = this.readLine()
      if (line === null) return false
      if (body.kind === 'chunk-end') {
        if (line !== '') {
          this.stop(`${this.label}: the chunk of a chunked body that ends at stream offset ${formatCount(lineStart)} is not followed by CRLF`)
          return false
        }
        this.body = { kind: 'chunk-size' }
      } else if (body.kind === 'chunk-size') {
        const digits = CHUNK_SIZE.exec(line)?.[1]
        if (digits === undefined) {
          this.stop(`${this.label}: "${preview(line)}" at stream offset ${formatCount(lineStart)} is not a chunk size`)
          return false
        }
        const length = parseInt(digits, 16)
        this.body = length ? { kind: 'chunk-data', end: this.position + length } : { kind: 'trailer' }
      } else if (line === '') {
        // The blank line that ends the trailer section ends the message.
        this.body = { kind: 'none' }
      }
    }
  }

  /** The next line (without its CRLF or bare LF) of a chunked body, or null to wait or when stopped. */
  private readLine(): string | null {
    for (const size of LINE_WINDOWS) {
      const limit = Math.min(this.chunks.end, this.position + size)
      const bytes = this.chunks.read(this.position, limit)
      const lf = bytes.indexOf(0x0a)
      if (lf >= 0) {
        this.position += lf + 1
        return latin1(bytes.subarray(0, lf > 0 && bytes[lf - 1] === 0x0d ? lf - 1 : lf))
      }
      if (this.position + bytes.length < limit) {
        this.stopAtGap(this.position + bytes.length)
        return null
      }
      if (limit < this.position + size) return null
    }
    this.stop(`${this.label}: a line of a chunked body at stream offset ${formatCount(this.position)} is longer than ${formatCount(MAX_LINE)} bytes`)
    return null
  }

  private readHead(): Step<HeadOf<K>> {
    this.skipBlankLines()
    let bytes: Uint8Array = new Uint8Array(0)
    for (const size of HEAD_WINDOWS) {
      const limit = Math.min(this.chunks.end, this.position + size)
      bytes = this.chunks.read(this.position, limit)
      const start = classifyStreamStart(bytes, false)
      if (start.kind === 'need-more') {
        // Cut short by bytes missing from the capture, or all there is so far; else a larger window.
        if (this.position + bytes.length < limit) return this.stopAtGap(this.position + bytes.length)
        if (limit < this.position + size) return WAIT
        continue
      }
      if (start.kind === this.expected) {
        const head = start as HeadOf<K>
        const end = this.position + head.headLength
        const at = { head, start: this.position, end, time: this.chunks.timeAt(end - 1) }
        this.position = end
        return { kind: 'head', at }
      }
      break
    }
    if (bytes.length >= MAX_HEAD_LENGTH)
      return this.stop(`${this.label}: no HTTP head ends within ${formatCount(MAX_HEAD_LENGTH)} bytes of stream offset ${formatCount(this.position)}`)
    const noun = this.expected === 'http-request' ? 'request' : 'response'
    return this.stop(
      `${this.label}: the bytes at stream offset ${formatCount(this.position)} are not an HTTP ${noun}: "${preview(latin1(bytes.subarray(0, 40)))}"`,
    )
  }

  /** RFC 9112 §2.2: empty lines before a message are ignored (some clients send CRLF after a body). */
  private skipBlankLines(): void {
    for (;;) {
      const bytes = this.chunks.read(this.position, Math.min(this.chunks.end, this.position + 64))
      let blank = 0
      while (blank < bytes.length && (bytes[blank] === 0x0d || bytes[blank] === 0x0a)) blank++
      this.position += blank
      if (blank === 0 || blank < bytes.length) return
    }
  }

  private stopAtGap(offset: number): typeof STOPPED {
    return this.stop(`${this.label}: HTTP cannot be followed past the bytes missing at stream offset ${formatCount(offset)}`)
  }
}

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes)
}

/** Text for a note: control characters escaped, long text cut. */
function preview(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text
  return shown.replace(/[\x00-\x1f\x7f-\xff"\\]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}
