/** The app's connection engine: browser sockets in workers, the companion server's tap, the real clock. */
import { ConnectionEngine } from './connection-engine.ts'
import { connections } from './connections.ts'
import { tabsPort } from './connections-store.ts'
import { browserTap } from './tap-deps.ts'
import { createWorkerSocket } from './worker-socket.ts'

const timeOrigin = typeof performance === 'undefined' ? 0 : performance.timeOrigin

export const engine = new ConnectionEngine({
  connection: (id) => connections.get(id),
  tabs: tabsPort,
  createSocket: createWorkerSocket,
  tap: browserTap,
  now: () => timeOrigin + performance.now(),
  setTimer: (callback, ms) => window.setTimeout(callback, ms),
  clearTimer: (timer) => window.clearTimeout(timer),
  random: Math.random,
  pageProtocol: () => location.protocol,
})
