import type { Duplex } from 'node:stream'
import { parseHandshake, type HandshakeRequest, type HandshakeResponse } from '../protocol/index.ts'

/**
 * Reading an HTTP/1.1 head (start line and fields) straight off a socket, for the two places
 * that see raw bytes: the tap's upstream answer and the proxy listener's requests. The head
 * is kept as bytes so it can be relayed unchanged; its text is read with the core's
 * handshake parser.
 */
export const MAX_HEAD_BYTES = 64 * 1024

const END = Buffer.from('\r\n\r\n')

export type HeadResult = { ok: true; head: Buffer; rest: Buffer } | { ok: false; reason: 'closed' | 'too-large' | 'timeout'; error: Error | null }

/**
 * Collects bytes until the blank line that ends the head. `rest` holds what came after it
 * (the first frames). The socket is paused with no data listener when this resolves, so
 * nothing is lost before the caller attaches its own.
 */
export function readHttpHead(socket: Duplex, timeoutMs: number, maxBytes = MAX_HEAD_BYTES): Promise<HeadResult> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0)
    const finish = (result: HeadResult) => {
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('end', onClosed)
      socket.off('close', onClosed)
      socket.off('error', onError)
      socket.pause()
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      // Search from just before the new bytes: the blank line may straddle two chunks.
      const from = Math.max(0, buffered.length - 3)
      buffered = Buffer.concat([buffered, chunk])
      const end = buffered.indexOf(END, from)
      if (end >= 0) finish({ ok: true, head: buffered.subarray(0, end + 4), rest: buffered.subarray(end + 4) })
      else if (buffered.length > maxBytes) finish({ ok: false, reason: 'too-large', error: null })
    }
    const onClosed = () => finish({ ok: false, reason: 'closed', error: null })
    const onError = (error: Error) => finish({ ok: false, reason: 'closed', error })
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout', error: null }), timeoutMs)
    socket.on('data', onData)
    socket.on('end', onClosed)
    socket.on('close', onClosed)
    socket.on('error', onError)
    socket.resume()
  })
}

/** The request a head holds, or null when its first line is not a request line. */
export function parseRequestHead(head: Buffer): HandshakeRequest | null {
  const { request } = parseHandshake(head.toString('latin1'))
  return request && request.httpVersion !== null ? request : null
}

/** The response a head holds, or null when its first line is not a status line. */
export function parseResponseHead(head: Buffer): HandshakeResponse | null {
  const { response } = parseHandshake(head.toString('latin1'))
  return response && response.httpVersion !== null ? response : null
}

/** Header pairs from Node's `rawHeaders` (names and values alternate, original case and order). */
export function headerPairs(rawHeaders: readonly string[]): [string, string][] {
  const pairs: [string, string][] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i], rawHeaders[i + 1]])
  return pairs
}
