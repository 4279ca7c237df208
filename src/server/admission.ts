import type { HandshakeRequest } from '../protocol/index.ts'
import { originProblem, type AccessPolicy } from './security.ts'
import type { ServerContext } from './server-context.ts'
import { RequestRefused, upgradeProblem } from './upgrade-request.ts'

/**
 * The checks an upgrade passes after its Host, on the main port and on proxy ports alike:
 * the Origin (for endpoints a web page must not use), the RFC 6455 handshake rules, and the
 * connection limit. Throws the RequestRefused to answer with.
 */
export function admitUpgrade(request: HandshakeRequest, origin: string | undefined, guarded: boolean, policy: AccessPolicy, context: ServerContext): void {
  const originIssue = guarded ? originProblem(origin, policy) : null
  if (originIssue) throw new RequestRefused(403, originIssue)
  const malformed = upgradeProblem(request)
  if (malformed) throw malformed
  const { tracker, limits } = context
  if (tracker.size >= limits.maxConnections) {
    throw new RequestRefused(503, `the server already holds ${tracker.size} connections, its limit (--max-connections)`)
  }
}
