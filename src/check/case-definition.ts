import type { DeflateParams, MessageEncoder } from '../protocol/index.ts'
import type { Verdict } from './verdict.ts'

/**
 * What the checker saw the server send while a case ran, in the order it came, as the
 * Autobahn TestSuite records it: whole messages, pings, pongs, and the marks of pauses that
 * ran out with the connection still open.
 */
export type Observed =
  | { kind: 'message'; type: 'text' | 'binary'; data: Uint8Array }
  | { kind: 'ping'; data: Uint8Array }
  | { kind: 'pong'; data: Uint8Array }
  | { kind: 'timeout'; mark: string }

/** One step of a case's script. The engine runs it and resumes the script after it. */
export type Command =
  /** Write bytes; `chop` splits them into writes of that many bytes, `pauseMs` apart. */
  | { op: 'send'; bytes: Uint8Array; chop?: number; pauseMs?: number }
  /** Our Close frame (its application data as given, valid or not): starts the closing handshake. */
  | { op: 'close'; body: Uint8Array }
  /** Pause; when the connection is still open afterwards, `mark` is recorded as a timeout. */
  | { op: 'wait'; ms: number; mark?: string }
  /** Wait for the next message or pong; the script gets it as the value of its `yield`. */
  | { op: 'receive' }

export type Script = Generator<Command, void, Observed | undefined>

/** What a script can use: the client's encoder (masking, negotiated compression), the clock. */
export interface CaseContext {
  encoder: MessageEncoder
  /** The permessage-deflate parameters the server accepted, or null. */
  deflate: DeflateParams | null
  /** Autobahn's sizes (sections 9, 12, 13) rather than the scaled-down ones. */
  full: boolean
  now(): number
  /** The script's own verdict on the behaviour (sections 9, 10, 12, 13, H), replacing the match of `expected`. */
  judge(verdict: Verdict, observed: string): void
}

/** How the case expects the connection to end (Autobahn's `expectedClose`). */
export interface CloseExpectation {
  /** The checker starts the closing (true) or the server fails the connection (false). */
  byMe: boolean
  /** Close codes the server may send (an empty close body is always acceptable). */
  codes: number[]
  /** The closing handshake must complete (both Close frames). */
  clean: boolean
  /** A close code outside `codes` makes the behaviour FAILED too (7.5.1, 7.7.x, 7.9.x). */
  wrongCodeFails?: boolean
}

/** The opening handshake a case sends, beyond the usual fields. */
export interface RequestSpec {
  /** Sec-WebSocket-Extensions offer. */
  extensions?: string
  /** Sec-WebSocket-Protocol offer. */
  protocols?: string
  /** Sec-WebSocket-Version value; null leaves the field out. */
  version?: string | null
  /** Sec-WebSocket-Key value; null leaves the field out; default a fresh valid key. */
  key?: string | null
}

/** The opening handshake as it happened, for section H's judges. */
export interface HandshakeOutcome {
  status: number
  statusText: string
  headers: [string, string][]
  /** The request's key, to check the accept value. */
  key: string | null
  /** The raw request and response heads, for the core's handshake checks. */
  requestText: string
  responseText: string
}

export interface CheckCase {
  /** Autobahn's numbering (`6.4.1`), or `H.x.y` for the opening handshake. */
  id: string
  section: string
  title: string
  expectation: string
  rfc: string
  request?: RequestSpec
  /** For section H: judges the handshake alone; the connection is then closed (or dropped). */
  judgeHandshake?: (handshake: HandshakeOutcome) => { verdict: Verdict; observed: string }
  /** Event lists that earn each verdict, tried in order (Autobahn's `expected`). */
  expected?: Partial<Record<Verdict, Observed[]>>
  close: CloseExpectation
  /** The behaviour and closing are INFORMATIONAL whatever happens (7.1.6, 7.13.x). */
  informational?: boolean
  /** permessage-deflate cases: UNIMPLEMENTED when the server declines the offer. */
  needsDeflate?: boolean
  script(ctx: CaseContext): Script
  /** This case may take longer than the run's per-case timeout (sections 9, 12, 13 with --full). */
  timeoutMs?: number
}
