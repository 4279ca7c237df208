/**
 * The `ws` library's Receiver driven the way a socket drives it: the reference peer for the
 * differential tests and the benchmark. Node only (ws's Receiver is a Writable stream).
 */
import { createRequire } from 'node:module'

interface WsReceiver {
  write(chunk: Buffer, cb: (error?: Error | null) => void): boolean
  on(event: string, listener: (...args: never[]) => void): void
}
type WsModule = {
  Receiver: new (options: object) => WsReceiver
  PerMessageDeflate: new (options: { isServer: boolean; maxPayload: number }) => { accept(offers: unknown[]): unknown }
  extension: { parse(header: string): Record<string, unknown[]> }
}
// The CommonJS entry exposes Receiver, PerMessageDeflate and the extension parser.
const ws = createRequire(import.meta.url)('ws') as WsModule

export interface ReferenceOptions {
  from: 'client' | 'server'
  extensions?: string | null
  /** 0 = none (as in both ws and the core). */
  maxPayload: number
}

export interface ReferenceMessage {
  type: 'text' | 'binary' | 'ping' | 'pong' | 'close'
  data: Uint8Array
  closeCode?: number
}

export interface ReferenceResult {
  messages: ReferenceMessage[]
  /** The close code ws would fail the connection with, or null. */
  errorCloseCode: number | null
  errorMessage: string | null
}

/** A Receiver set up as the endpoint that reads bytes sent by `from`. */
export function createWsReceiver(options: ReferenceOptions, onMessage: (m: ReferenceMessage) => void): WsReceiver {
  const isServer = options.from === 'client'
  const extensions: Record<string, unknown> = {}
  if (options.extensions && /permessage-deflate/i.test(options.extensions)) {
    const pmd = new ws.PerMessageDeflate({ isServer, maxPayload: options.maxPayload })
    pmd.accept(ws.extension.parse(options.extensions)['permessage-deflate'])
    extensions['permessage-deflate'] = pmd
  }
  const receiver = new ws.Receiver({ isServer, extensions, maxPayload: options.maxPayload, binaryType: 'nodebuffer' })
  receiver.on('message', (data: Buffer, isBinary: boolean) => onMessage({ type: isBinary ? 'binary' : 'text', data }))
  receiver.on('ping', (data: Buffer) => onMessage({ type: 'ping', data }))
  receiver.on('pong', (data: Buffer) => onMessage({ type: 'pong', data }))
  receiver.on('conclude', (code: number, reason: Buffer) => onMessage({ type: 'close', data: reason, closeCode: code }))
  receiver.on('error', () => {})
  return receiver
}

export function statusCodeOf(error: Error): number | null {
  const symbol = Object.getOwnPropertySymbols(error).find((s) => s.description === 'status-code')
  return symbol ? ((error as unknown as Record<symbol, number>)[symbol] ?? null) : null
}

/** Feeds `chunks` to a ws Receiver in order, waiting for each (inflation is asynchronous in ws). */
export async function decodeWithWs(chunks: Uint8Array[], options: ReferenceOptions): Promise<ReferenceResult> {
  const result: ReferenceResult = { messages: [], errorCloseCode: null, errorMessage: null }
  let closed = false
  const receiver = createWsReceiver(options, (m) => {
    result.messages.push(m)
    if (m.type === 'close') closed = true
  })
  for (const chunk of chunks) {
    if (closed) break
    const error = await new Promise<Error | null | undefined>((resolve) => receiver.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length), resolve))
    if (error) {
      result.errorCloseCode = statusCodeOf(error)
      result.errorMessage = error.message
      break
    }
  }
  return result
}
