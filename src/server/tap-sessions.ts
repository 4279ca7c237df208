import { randomUUID } from 'node:crypto'
import { TAP_PATH, type TapSessionRequest, type TapSessionResponse } from '../shared/capture-api.ts'
import { checkExtraHeaders, checkHeaderValue, parseTarget, type TapTarget } from './tap-target.ts'
import { RequestRefused } from './upgrade-request.ts'

/** How a tap connects: the target, and what to change in the client's handshake. */
export interface TapSettings {
  target: TapTarget
  /** Added to the upstream request, replacing the client's fields of the same name. */
  headers: [string, string][]
  /** Replaces (or adds) the Origin sent upstream; null keeps the client's. */
  origin: string | null
  /** Accept any certificate from a wss:// target (a development server's self-signed one). */
  insecure: boolean
}

/** Sessions kept; registering more forgets the oldest. */
const MAX_SESSIONS = 100

/**
 * Tap settings registered with `POST /api/taps`, so headers such as Authorization or Cookie
 * reach the tap without appearing in a URL (URLs end up in logs and histories).
 */
export class TapSessions {
  private readonly sessions = new Map<string, TapSettings>()

  register(body: unknown): TapSessionResponse {
    if (body === null || typeof body !== 'object')
      throw new RequestRefused(400, 'the body must be a JSON object such as {"target":"wss://example.com/socket","headers":[["Authorization","Bearer …"]]}')
    const settings = tapSettings(body as Partial<Record<keyof TapSessionRequest, unknown>>)
    const session = randomUUID()
    this.sessions.set(session, settings)
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!)
    return { session, tapPath: `${TAP_PATH}?session=${session}` }
  }

  get(session: string): TapSettings | undefined {
    return this.sessions.get(session)
  }
}

/** Checks tap settings however they arrive: a POST body, a /tap query or the tap command's flags. */
export function tapSettings(request: Partial<Record<keyof TapSessionRequest, unknown>>): TapSettings {
  const { target, origin, insecure } = request
  if (target !== undefined && typeof target !== 'string') throw new RequestRefused(400, 'target must be a string')
  if (origin !== undefined && origin !== null && typeof origin !== 'string') throw new RequestRefused(400, 'origin must be a string')
  if (typeof origin === 'string') checkHeaderValue('Origin', origin)
  if (insecure !== undefined && typeof insecure !== 'boolean') throw new RequestRefused(400, 'insecure must be true or false')
  return { target: parseTarget(target), headers: checkExtraHeaders(request.headers), origin: origin ?? null, insecure: insecure ?? false }
}
