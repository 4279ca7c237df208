import type { WebSocket } from 'ws'
import { acceptWebSocket } from './accept-websocket.ts'
import { deflateFromQuery, DEFLATE_QUERY_PARAMS } from './deflate-query.ts'
import { checkKnownParams, intParam } from './query-params.ts'
import type { UpgradeHandler } from './server-context.ts'
import { RequestRefused } from './upgrade-request.ts'

const STREAM_PARAMS = ['rate', 'size', 'count', ...DEFLATE_QUERY_PARAMS]
const TICK_MS = 10
/** A stalled event loop does not turn into a burst: at most this much lateness is caught up, the rest is skipped. */
const MAX_CATCH_UP_MS = 100

export interface StreamSettings {
  /** Messages per second, 1 to 50,000. */
  rate: number
  /** Approximate size of each message in bytes (padded to it). */
  size: number
  /** Messages to send before closing with 1000; 0 = until the client leaves. */
  count: number
}

/**
 * `/stream?rate=100&size=256&count=0`: pushes JSON events like the seed capture's
 * `active_users_stream`, for watching a live feed and for load. Its output is bounded so that
 * no client (nor all of them) starves the others of the server:
 * - one client may ask for at most `streamClientBytesPerSecond` (rate × size); more is a 400;
 * - all /stream clients of the server share `streamTotalBytesPerSecond`, in equal parts;
 * - events that come due while the client is not reading (more than the high-water mark is
 *   queued) or past the shared budget are skipped and counted in each event's `skipped` field
 *   rather than queued without bound.
 * Like /echo it is open to pages of any origin: it sends made-up data and reads nothing.
 */
export function streamEndpoint(): UpgradeHandler {
  /** /stream clients of this server now. */
  let clients = 0
  return async (req, socket, head, url, context) => {
    const params = url.searchParams
    checkKnownParams(params, STREAM_PARAMS)
    const settings: StreamSettings = {
      rate: intParam(params, 'rate', 1, 50_000, 10),
      size: intParam(params, 'size', 64, 1024 * 1024, 256),
      count: intParam(params, 'count', 0, 1_000_000_000, 0),
    }
    const { streamClientBytesPerSecond, streamTotalBytesPerSecond } = context.limits
    if (settings.rate * settings.size > streamClientBytesPerSecond) {
      throw new RequestRefused(
        400,
        `rate × size is ${settings.rate * settings.size} bytes a second; one /stream client may have at most ${streamClientBytesPerSecond} (e.g. rate=${Math.floor(streamClientBytesPerSecond / settings.size)} at size=${settings.size})`,
      )
    }
    const perMessageDeflate = deflateFromQuery(params)
    const ws = await acceptWebSocket(req, socket, head, { perMessageDeflate, maxPayload: context.limits.maxMessageBytes }, context.tracker)
    clients++
    ws.on('close', () => clients--)
    pushEvents(ws, settings, context.limits.highWaterMark, new ByteBudget(() => streamTotalBytesPerSecond / clients))
  }
}

/** One client's token bucket: its share of the total a second, with MAX_CATCH_UP_MS worth (or one event) saved up at most. */
class ByteBudget {
  /** Full at first: the first event goes out at once. */
  private available = Number.POSITIVE_INFINITY
  private last = performance.now()

  constructor(private readonly perSecond: () => number) {}

  /** Takes `bytes` if the budget has them. */
  take(bytes: number): boolean {
    const now = performance.now()
    const rate = this.perSecond()
    const capacity = Math.max(bytes, (rate * MAX_CATCH_UP_MS) / 1000)
    this.available = Math.min(capacity, this.available + ((now - this.last) * rate) / 1000)
    this.last = now
    if (this.available < bytes) return false
    this.available -= bytes
    return true
  }
}

function pushEvents(ws: WebSocket, settings: StreamSettings, highWaterMark: number, budget: ByteBudget): void {
  const event = new StreamEvents(settings.size)
  const start = performance.now()
  const burst = Math.ceil((settings.rate * MAX_CATCH_UP_MS) / 1000)
  let due = 0
  // The first event goes out at once (a late first tick would otherwise read as a stall and skip
  // events before any was sent), then one every 1/rate seconds.
  const tick = () => {
    const target = Math.floor(((performance.now() - start) * settings.rate) / 1000) + 1
    if (target - due > burst) {
      event.skip(target - due - burst)
      due = target - burst
    }
    for (; due < target; due++) {
      if (settings.count && event.sequence >= settings.count) {
        clearInterval(timer)
        ws.close(1000, `sent ${settings.count} events`)
        return
      }
      if (ws.bufferedAmount > highWaterMark || !budget.take(event.length)) event.skip(1)
      else ws.send(event.next())
    }
  }
  const timer = setInterval(tick, TICK_MS)
  tick()
  ws.on('close', () => clearInterval(timer))
}

/** The JSON events: a random walk of an active-user count, padded to the requested size. */
class StreamEvents {
  sequence = 0
  /** Of the last event (small events are longer than asked: the JSON does not fit in less). */
  length: number
  private skipped = 0
  private activeUsers = 1000

  constructor(private readonly size: number) {
    this.length = size
  }

  skip(count: number): void {
    this.skipped += count
  }

  next(): string {
    const delta = Math.round((Math.random() - 0.5) * 20)
    this.activeUsers = Math.max(0, this.activeUsers + delta)
    const base = {
      stream: 'active_users_stream',
      seq: ++this.sequence,
      time: new Date().toISOString(),
      active_users: this.activeUsers,
      delta,
      skipped: this.skipped,
      pad: '',
    }
    const bare = JSON.stringify(base).length
    base.pad = 'x'.repeat(Math.max(0, this.size - bare))
    const text = JSON.stringify(base)
    this.length = text.length
    return text
  }
}
