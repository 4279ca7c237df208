import { concatBytes, encodeCloseBody, utf8Encode, type FrameSpec } from '../../protocol/index.ts'
import type { CaseContext, CheckCase, CloseExpectation, Command, Observed, Script } from '../case-definition.ts'

/** Bytes from hex with optional spaces: `x('ce ba')`. */
export function x(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '')
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return out
}

export const utf8 = utf8Encode

export function repeat(byte: number, length: number): Uint8Array {
  return new Uint8Array(length).fill(byte)
}

export const STAR = 0x2a
export const FE = 0xfe

export const echoText = (data: Uint8Array | string): Observed => ({ kind: 'message', type: 'text', data: typeof data === 'string' ? utf8(data) : data })
export const echoBinary = (data: Uint8Array): Observed => ({ kind: 'message', type: 'binary', data })
export const pong = (data: Uint8Array | string = new Uint8Array(0)): Observed => ({ kind: 'pong', data: typeof data === 'string' ? utf8(data) : data })
export const timeout = (mark: string): Observed => ({ kind: 'timeout', mark })

/** The checker closes normally once the expected events are in. */
export const NORMAL_CLOSE: CloseExpectation = { byMe: true, codes: [1000], clean: true }
/** The server must fail the connection (1002 Protocol error), or drop it. */
export const FAIL_PROTOCOL: CloseExpectation = { byMe: false, codes: [1002], clean: false }
/** The server must fail the connection (1007 Invalid frame payload data), or drop it. */
export const FAIL_PAYLOAD: CloseExpectation = { byMe: false, codes: [1007], clean: false }

/** Sends frames built by the client's encoder: one write each, or all in one chop. */
export function frames(ctx: CaseContext, specs: FrameSpec[]): Uint8Array[] {
  return specs.map((spec) => ctx.encoder.frame(spec))
}

/** Autobahn's three ways to put frames on the wire: all at once, a write per frame, a write per octet. */
export type Chopping = 'one' | 'frame' | 'octet'

export function* sendAll(parts: Uint8Array[], chopping: Chopping = 'one', pauseMs = 0): Script {
  if (chopping === 'frame') {
    for (const part of parts) {
      yield { op: 'send', bytes: part }
      if (pauseMs) yield { op: 'wait', ms: pauseMs }
    }
    return
  }
  const all = concat(parts)
  yield { op: 'send', bytes: all, chop: chopping === 'octet' ? 1 : undefined }
}

/** The parts as one array (the part itself when there is only one). */
export const concat = (parts: Uint8Array[]): Uint8Array => concatBytes(parts)

export function closeCommand(code: number | null, reason: Uint8Array | string = ''): Command {
  if (code === null) return { op: 'close', body: new Uint8Array(0) }
  const reasonBytes = typeof reason === 'string' ? utf8(reason) : reason
  const body = encodeCloseBody(code)
  return { op: 'close', body: concat([body, reasonBytes]) }
}

/** A case whose script sends frames the encoder builds, chopped one of Autobahn's ways. */
export function frameCase(base: Omit<CheckCase, 'script'>, specs: (ctx: CaseContext) => FrameSpec[], chopping: Chopping = 'one', pauseMs = 0): CheckCase {
  return { ...base, script: (ctx) => sendAll(frames(ctx, specs(ctx)), chopping, pauseMs) }
}

/** Scaled pauses: Autobahn's 1 s with --full, shorter otherwise (still far above a local round trip). */
export function pause(ctx: CaseContext, fullMs: number): number {
  return ctx.full ? fullMs : Math.max(100, fullMs / 2)
}
