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
    if (body === null || typeof body !== 'object') throw new RequestRefused(400, 'the body must be a JSON object such as {"target":"wss://example.com/socket","headers":[["Authorization","Bearer …"]]}')
    const request = body as Partial<TapSessionRequest>
    const settings = tapSettings(request.target, request.origin, checkExtraHeaders(request.headers))
    const session = randomUUID()
    this.sessions.set(session, settings)
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!)
    return { session, tapPath: `${TAP_PATH}?session=${session}` }
  }

  get(session: string): TapSettings | undefined {
    return this.sessions.get(session)
  }
}

export function tapSettings(target: unknown, origin: unknown, headers: [string, string][]): TapSettings {
  if (target !== undefined && typeof target !== 'string') throw new RequestRefused(400, 'target must be a string')
  if (origin !== undefined && origin !== null && typeof origin !== 'string') throw new RequestRefused(400, 'origin must be a string')
  if (typeof origin === 'string') checkHeaderValue('Origin', origin)
  return { target: parseTarget(target), headers, origin: origin ?? null }
}
