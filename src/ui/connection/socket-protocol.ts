/**
 * What the main thread and a socket worker say to each other. Each connection's WebSocket
 * lives in its own worker (socket-worker.ts): the browser dispatches every message event on
 * the worker's thread, and the main thread only gets a batch every few milliseconds.
 */
import type { MessageBatch } from '../store/message-batch.ts'

export type SocketCommand =
  /** `deliver` false: received messages are dropped in the worker (not packed, not posted) until a 'deliver'. */
  | { type: 'open'; url: string; protocols: string[]; deliver: boolean }
  | { type: 'deliver' }
  | { type: 'send'; data: string | Uint8Array<ArrayBuffer> }
  | { type: 'close'; code?: number; reason?: string }

export interface OpenInfo {
  url: string
  protocol: string
  extensions: string
}

/** What a CloseEvent reports: the close code and reason (RFC 6455 §7.1.5, §7.1.6) and whether the closing handshake completed. */
export interface CloseInfo {
  code: number
  reason: string
  wasClean: boolean
}

export type SocketEvent =
  | ({ type: 'open' } & OpenInfo)
  | { type: 'messages'; batch: MessageBatch }
  | { type: 'error' }
  | ({ type: 'close' } & CloseInfo)
  /** The WebSocket constructor threw (a URL or subprotocol the browser will not take). */
  | { type: 'refused'; message: string }
  /** bufferedAmount, sampled after sends until the queue is empty. */
  | { type: 'buffered'; t: number; bytes: number }
