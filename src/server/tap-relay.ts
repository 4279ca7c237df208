import type { Socket } from 'node:net'
import { checkHandshake, encodeCloseBody, encodeFrame, isControlOpcode, Opcode, toHex, type DeflateParams } from '../protocol/index.ts'
import { PayloadSession } from '../payload/index.ts'
import { bytesToJson, type CaptureMode, type HoldAction, type Sender } from '../shared/capture-api.ts'
import type { InjectFrame } from './capture-commands.ts'
import { now, type CaptureControl, type ControlOutcome } from './captures-hub.ts'
import type { TrackedConnection } from './connections.ts'
import type { ServerContext } from './server-context.ts'
import { coalescedWrites } from './coalesced-writes.ts'
import { TapCapture } from './tap-capture.ts'
import { TapDirection } from './tap-direction.ts'
import { tapFinding } from './tap-findings.ts'
import type { Interceptor } from './tap-rewriter.ts'
import { upstreamRequest } from './tap-handshake.ts'
import type { TapSettings } from './tap-sessions.ts'
import { connectUpstream, type UpstreamAnswer, type UpstreamFailure } from './tap-upstream.ts'
import { rejectOnSocket, RequestRefused } from './upgrade-request.ts'

/** A client whose upgrade request the tap (or the proxy listener) has accepted. */
export interface TapClient {
  mode: CaptureMode
  /** The capture id the client asked for, or null to make one up. */
  captureId: string | null
  settings: TapSettings
  socket: Socket
  /** Bytes the client sent after its request head. */
  head: Buffer
  /** The client's request fields, in order and original case. */
  headers: [string, string][]
  /** "ip:port". */
  address: string
}

/** How long a peer gets to finish closing once the other one has gone. */
const LINGER_MS = 5_000

const SHUTTING_DOWN = 'wsinspect is shutting down'

/**
 * Starts tapping one client's connection. Registering the capture comes first and may throw
 * a RequestRefused (its id is taken), before anything is written to the client.
 */
export function startTap(client: TapClient, context: ServerContext): void {
  context.loops.checkClient(client.socket.remoteAddress, client.socket.remotePort)
  context.loops.checkTarget(client.settings.target)
  const captureId = context.hub.start(client.captureId, client.mode, client.settings.target.url, client.address)
  const relay = new TapRelay(client, captureId, context)
  relay.run().catch((error: unknown) => relay.crashed('client', error))
}

/** The sender whose stream reaches `to`: frames for the server join the client's stream. */
const streamTowards = (to: Sender): Sender => (to === 'server' ? 'client' : 'server')

/**
 * One tapped connection: the upstream handshake, then both directions relayed byte for byte
 * through TapDirections that decode them for the capture, and the controls the app can use.
 */
class TapRelay implements CaptureControl, TrackedConnection {
  private readonly capture: TapCapture
  private readonly untrack: () => void
  /** The target's socket once it has answered (101 or not). */
  private upstream: Socket | null = null
  /** Gives up the upstream handshake while it is pending. */
  private readonly handshake = new AbortController()
  /** The two directions, by sender, once the WebSocket is open. */
  private from: Record<Sender, TapDirection> | null = null
  private deflate: DeflateParams | null = null
  /** The subprotocol the target selected, for payload decoding. */
  private subprotocol: string | null = null
  /** Pings the tap sent, by the peer that must answer: payload hex → time written. */
  private readonly pings: Record<Sender, Map<string, number>> = { client: new Map(), server: new Map() }
  /** Ping frames not yet written, so their time is taken when they are. */
  private readonly pingFrames = new Map<Uint8Array, { to: Sender; hex: string }>()
  private endReason: string | null = null
  private finished = false

  constructor(
    private readonly client: TapClient,
    captureId: string,
    private readonly context: ServerContext,
  ) {
    this.capture = new TapCapture(context.hub, captureId)
    this.untrack = context.tracker.add(this)
  }

  async run(): Promise<void> {
    const { socket, settings } = this.client
    socket.pause()
    socket.on('error', (error) => this.noteEnd(`client connection error: ${error.message}`))
    const { text, request } = upstreamRequest(this.client.headers, settings)
    const result = await connectUpstream(settings.target, text, {
      timeoutMs: this.context.limits.handshakeTimeoutMs,
      insecure: settings.insecure,
      signal: this.handshake.signal,
      watch: (upstream) => this.context.loops.watch(upstream),
    })
    if (socket.destroyed) {
      if (result.ok) result.socket.destroy()
      return this.finish(this.endReason ?? 'the client left during the upstream handshake')
    }
    if (!result.ok) return this.failed(result.failure)
    const report = checkHandshake({ request, response: result.response, findings: [], format: 'raw-http' })
    const { captureId } = this.capture
    this.capture.publish(
      { type: 'handshake', captureId, t: now(), report, requestText: text, responseText: result.head.toString('latin1'), deflate: report.deflate },
      true,
    )
    if (result.response.status !== 101) return this.refused(result)
    this.subprotocol = report.subprotocol
    this.relay(result, report.deflate)
  }

  // ---- Failures before the WebSocket opens

  private failed(failure: UpstreamFailure): void {
    const { captureId } = this.capture
    this.capture.publish({ type: 'upstream-error', captureId, t: now(), ...failure }, true)
    const status = failure.kind === 'timeout' ? 504 : failure.kind === 'aborted' ? 503 : 502
    const client = this.client.socket
    rejectOnSocket(client, new RequestRefused(status, `wsinspect tap: ${failure.message}`, { 'X-Wsinspect-Upstream-Error': failure.kind }))
    // Shutting down: once the answer is out, the client's socket must not keep the process alive.
    if (failure.kind === 'aborted') client.once('finish', () => client.destroy())
    this.finish(`upstream ${failure.kind}: ${failure.message}`)
  }

  /** The target answered, but not 101: the client gets that answer as it is, body included. */
  private refused(answer: UpstreamAnswer): void {
    const { response, socket: upstream } = answer
    this.upstream = upstream
    const { captureId } = this.capture
    const host = this.client.settings.target.host
    this.capture.publish(
      {
        type: 'upstream-error',
        captureId,
        t: now(),
        kind: 'status',
        message: `${host} answered ${response.status} ${response.statusText} instead of 101 Switching Protocols`,
        code: null,
        status: { code: response.status, text: response.statusText, httpVersion: response.httpVersion ?? '', headers: response.headers },
      },
      true,
    )
    const client = this.client.socket
    client.write(answer.head)
    client.write(answer.rest)
    upstream.pipe(client)
    // The socket is half-open: once the target is done, so is the tap.
    upstream.once('end', () => upstream.end())
    // A keep-alive target may leave its socket open after the body: bound the wait.
    const timer = setTimeout(() => upstream.destroy(), this.context.limits.handshakeTimeoutMs)
    upstream.on('error', () => client.destroy())
    upstream.on('close', () => {
      clearTimeout(timer)
      client.end()
      this.finish(`upstream answered ${response.status}`)
    })
  }

  // ---- The open connection

  private relay(answer: UpstreamAnswer, deflate: DeflateParams | null): void {
    const client = this.client.socket
    const upstream = answer.socket
    this.upstream = upstream
    this.deflate = deflate
    client.setNoDelay(true)
    client.write(answer.head)
    this.from = { client: this.direction('client', client, upstream), server: this.direction('server', upstream, client) }
    this.context.hub.setControl(this.capture.captureId, this)
    this.wire('client', client, upstream)
    this.wire('server', upstream, client)
    const { client: fromClient, server: fromServer } = this.from
    if (this.client.head.length) this.guard('client', () => fromClient.receive(this.client.head, now()))
    if (answer.rest.length) this.guard('server', () => fromServer.receive(answer.rest, now()))
    client.resume()
    upstream.resume()
  }

  /** The direction `sender` → its peer: bytes from `source` go to `out`, pausing `source` while `out` is backed up. */
  private direction(sender: Sender, source: Socket, out: Socket): TapDirection {
    const { highWaterMark, maxMessageBytes } = this.context.limits
    let paused = false
    const write = coalescedWrites(out)
    return new TapDirection(
      sender,
      this.deflate,
      maxMessageBytes,
      {
        write: (bytes) => {
          write(bytes)
          if (!paused && out.writableLength > highWaterMark) {
            paused = true
            source.pause()
            out.once('drain', () => {
              paused = false
              source.resume()
            })
          }
        },
        decoded: (event, action, t) => {
          this.capture.decoded(sender, event, action, t)
          if (event.kind === 'message' && event.type === 'pong') this.pongReceived(sender, event.data, t)
        },
        injected: (frame, offset, t) => {
          this.capture.injected(sender, frame, offset, t)
          const ping = this.pingFrames.get(frame)
          if (ping) {
            this.pingFrames.delete(frame)
            this.pings[ping.to].set(ping.hex, t)
          }
        },
        outcome: (outcome, t) => this.capture.outcome(sender, outcome, t),
        finding: (finding, t) => this.capture.finding(sender, finding, t),
      },
      this.interceptor(),
    )
  }

  /** The server's live rules and hold settings, as this connection sees them. */
  private interceptor(): Interceptor {
    const { hub, limits } = this.context
    const store = hub.rules
    const captureId = this.capture.captureId
    // One payload decoding per connection, made when a rule first names a decoder or kind.
    let payloads: PayloadSession | null = null
    return {
      meaning: (sender, type, data) => {
        payloads ??= new PayloadSession({ subprotocol: this.subprotocol })
        const decoded = payloads.decodeMessage(type, data, sender)
        return { decoder: decoded.decoder, kind: decoded.kind }
      },
      get rules() {
        return store.rules
      },
      canHold: () => hub.isWatched(captureId),
      get holdTimeoutMs() {
        return store.hold.holdTimeoutMs
      },
      get holdTimeoutAction() {
        return store.hold.holdTimeoutAction
      },
      maxHeldBytes: limits.maxHeldBytes,
    }
  }

  private wire(sender: Sender, socket: Socket, other: Socket): void {
    const direction = this.from![sender]
    let linger: NodeJS.Timeout | undefined
    socket.on('data', (chunk: Buffer) => this.guard(sender, () => direction.receive(chunk, now())))
    socket.on('end', () => {
      this.noteEnd(`the ${sender} closed the connection`)
      this.guard(sender, () => direction.end(now()))
      other.end()
    })
    socket.on('error', (error) => {
      this.noteEnd(`${sender} connection error: ${error.message}`)
      other.destroy()
    })
    socket.on('close', () => {
      if (!other.destroyed) linger = setTimeout(() => other.destroy(), LINGER_MS)
      else {
        clearTimeout(linger)
        this.finish(this.endReason ?? 'closed')
      }
    })
    other.on('close', () => clearTimeout(linger))
  }

  private pongReceived(sender: Sender, data: Uint8Array, t: number): void {
    const hex = toHex(data)
    const sentAt = this.pings[sender].get(hex)
    if (sentAt === undefined) return
    this.pings[sender].delete(hex)
    const { captureId } = this.capture
    this.context.hub.publish(captureId, (limit) => ({ type: 'pong', captureId, t, from: sender, payload: bytesToJson(data, limit), rttMs: t - sentAt }))
  }

  /**
   * Runs work on one direction's bytes. An exception there is a bug (or a limit the core missed),
   * never a reason for the process to die: this connection fails, with a finding saying why,
   * and every other connection goes on.
   */
  private guard(sender: Sender, work: () => void): void {
    if (this.finished) return
    try {
      work()
    } catch (error) {
      this.crashed(sender, error)
    }
  }

  /** Ends the connection after an internal error while handling the sender's stream. */
  crashed(sender: Sender, error: unknown): void {
    if (this.finished) return
    const message = `wsinspect could not handle the ${sender}'s stream and dropped the connection: ${(error as Error)?.message ?? String(error)}`
    const { captureId } = this.capture
    try {
      this.capture.publish({ type: 'finding', captureId, t: now(), sender, finding: tapFinding('tap.internal-error', message) })
    } catch {
      // Reporting must not fail the clean-up below.
    }
    this.noteEnd(`internal error: ${message}`)
    this.destroy()
    this.finish(this.endReason!)
  }

  private noteEnd(reason: string): void {
    this.endReason ??= reason
  }

  private finish(reason: string): void {
    if (this.finished) return
    this.finished = true
    const { captureId } = this.capture
    const stats = this.from ? { client: this.from.client.statistics, server: this.from.server.statistics } : null
    this.from?.client.dispose()
    this.from?.server.dispose()
    this.context.hub.end(captureId, () => ({ type: 'capture-ended', captureId, t: now(), reason, stats }))
    this.untrack()
  }

  // ---- Controls (CaptureControl) and shutdown (TrackedConnection)

  ping(to: Sender, payload: Uint8Array): ControlOutcome {
    const frame = encodeFrame({ opcode: Opcode.PING, payload, mask: to === 'server' })
    this.pingFrames.set(frame, { to, hex: toHex(payload) })
    return this.send(to, frame, `Ping with ${payload.length} bytes`)
  }

  close(to: Sender, code: number | null, reason: string): ControlOutcome {
    const frame = encodeFrame({ opcode: Opcode.CLOSE, payload: encodeCloseBody(code, reason), mask: to === 'server' })
    return this.send(to, frame, `Close ${code ?? '(no status)'}`)
  }

  autoPong(enabled: boolean): ControlOutcome {
    if (!this.from) return notOpen()
    this.from.client.dropPongs = !enabled
    const message = enabled ? "the client's Pongs are relayed again" : "the client's Pongs are swallowed: the server's Pings go unanswered"
    return { ok: true, message, queued: false }
  }

  inject(to: Sender, spec: InjectFrame): ControlOutcome {
    if (spec.rsv1 && this.deflate && !isControlOpcode(spec.opcode)) {
      return {
        ok: false,
        message:
          'RSV1 on a data frame means "compressed" under the negotiated permessage-deflate: the receiver would inflate it with the shared context and corrupt the stream; injected data frames are sent uncompressed',
        queued: false,
      }
    }
    const frame = encodeFrame({ ...spec, mask: to === 'server' })
    return this.send(to, frame, `frame with opcode 0x${spec.opcode.toString(16)} (${spec.payload.length} bytes)`)
  }

  release(holdId: string, action: HoldAction, data: Uint8Array | null): ControlOutcome {
    if (!this.from) return notOpen()
    const sender: Sender = holdId.startsWith('client-') ? 'client' : 'server'
    const rewriter = this.from[sender].rewriter
    if (!rewriter) return { ok: false, message: 'this connection holds no messages', queued: false }
    return rewriter.release(holdId, action, data)
  }

  unwatched(): void {
    for (const direction of Object.values(this.from ?? {})) direction.rewriter?.releaseAll('as no inspector watches the connection any more')
  }

  goingAway(): void {
    // Still waiting for the target: run() answers the client once the handshake is given up.
    if (!this.upstream) return this.handshake.abort(SHUTTING_DOWN)
    // Relaying a refusal: there is no WebSocket to close cleanly.
    if (!this.from) return this.destroy()
    this.noteEnd(SHUTTING_DOWN)
    this.close('client', 1001, SHUTTING_DOWN)
    this.close('server', 1001, SHUTTING_DOWN)
  }

  destroy(): void {
    this.handshake.abort(SHUTTING_DOWN)
    this.client.socket.destroy()
    this.upstream?.destroy()
  }

  private send(to: Sender, frame: Uint8Array, what: string): ControlOutcome {
    if (!this.from) return notOpen()
    const out = to === 'server' ? this.upstream! : this.client.socket
    if (!out.writable) return { ok: false, message: `the connection to the ${to} is already closed`, queued: false }
    const direction = this.from[streamTowards(to)]
    const problem = direction.injectProblem
    if (problem) return { ok: false, message: problem, queued: false }
    const queued = direction.inject(frame, now())
    return {
      ok: true,
      queued,
      message: queued
        ? `${what} queued: it goes to the ${to} at the next frame boundary${isControlOpcode(frame[0] & 0x0f) ? '' : ' between messages'}`
        : `${what} sent to the ${to}`,
    }
  }
}

function notOpen(): ControlOutcome {
  return { ok: false, message: 'the WebSocket is not open (the upstream handshake has not completed)', queued: false }
}
