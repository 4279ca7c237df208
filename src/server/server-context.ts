import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { CapturesHub } from './captures-hub.ts'
import type { ConnectionTracker } from './connections.ts'
import type { Limits } from './limits.ts'
import type { TapLoopGuard } from './tap-loop.ts'
import type { AccessPolicy } from './security.ts'
import type { TapSessions } from './tap-sessions.ts'

/** What every endpoint of one running server shares. */
export interface ServerContext {
  limits: Limits
  tracker: ConnectionTracker
  policy: AccessPolicy
  hub: CapturesHub
  taps: TapSessions
  /** Keeps the tap from tapping this server's own tap and proxy listeners. */
  loops: TapLoopGuard
}

/**
 * Takes over an upgrade request whose Host, Origin and handshake have been checked. It may
 * throw a RequestRefused before touching the socket; the router answers with its status.
 */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, context: ServerContext) => void | Promise<void>
