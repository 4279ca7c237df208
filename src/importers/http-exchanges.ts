/**
 * The HTTP/1.1 exchanges of one TCP connection, followed to find its WebSocket upgrade
 * wherever it comes: requests on the client's stream are paired in order with responses on
 * the server's (keep-alive, pipelining, 1xx interim answers), every body stepped over by its
 * framing, so an accepted upgrade's frames start exactly after its request and the 101's
 * head, and the exchanges before it are never read as frames.
 */
import { requestBodyFraming, responseBodyFraming } from './http-body-framing.ts'
import { HttpMessageStream, type HeadAt, type HttpRequestHead, type HttpResponseHead } from './http-message-stream.ts'
import { grantsUpgrade, requestsWebSocket } from './http-upgrade.ts'
import { countOf, formatCount } from './import-result.ts'
import type { StreamChunks } from './stream-chunks.ts'

export interface Upgrade {
  request: HeadAt<HttpRequestHead>
  /** Null when the capture holds no answer to it. */
  response: HeadAt<HttpResponseHead> | null
  /** Stream offsets of each side's first frame. */
  clientFrameStart: number
  serverFrameStart: number
}

export type HttpOutcome =
  { kind: 'pending' } | { kind: 'websocket' | 'websocket-refused'; upgrade: Upgrade; notes: string[] } | { kind: 'http'; notes: string[] }

/** A request read whose final answer has not been read yet. */
interface Asked {
  at: HeadAt<HttpRequestHead>
  /** For an upgrade request: where it ends, body included, so where its frames would begin. */
  upgrade: { frameStart: number } | null
}

/** Exchanges listed in a note before the rest are only counted. */
const MAX_LISTED = 5

export class HttpExchanges {
  private readonly requests: HttpMessageStream<'http-request'>
  private readonly responses: HttpMessageStream<'http-response'>
  /** Requests from `answered` on await their answers, which come in order (RFC 9112 §9.3.2). */
  private readonly asked: Asked[] = []
  private answered = 0
  /** The first finished exchanges as "GET /a → 200 OK", for the notes, and how many there were. */
  private readonly listed: string[] = []
  private exchangeCount = 0
  /** The last refused upgrade and its number among the exchanges. */
  private refused: { upgrade: Upgrade; index: number } | null = null

  constructor(client: StreamChunks, server: StreamChunks, labels: { client: string; server: string }) {
    this.requests = new HttpMessageStream(client, 'http-request', labels.client)
    this.responses = new HttpMessageStream(server, 'http-response', labels.server)
  }

  /** Reads as far as the bytes so far allow; `ended` once the capture holds no more. */
  follow(ended: boolean): HttpOutcome {
    for (let progress = true; progress;) {
      progress = false
      if (!this.awaitingUpgradeAnswer) {
        const step = this.requests.next()
        if (step.kind === 'head') {
          progress = true
          this.requestRead(step.at)
        }
      }
      const waiting = this.asked[this.answered]
      if (waiting) {
        const step = this.responses.next()
        if (step.kind === 'head') {
          progress = true
          const accepted = this.responseRead(step.at, waiting)
          if (accepted) return { kind: 'websocket', upgrade: accepted, notes: this.notes(null) }
        }
      }
    }
    return this.settle(ended)
  }

  /** Past an upgrade request the client's bytes are frames if it is accepted: none are read before its answer. */
  private get awaitingUpgradeAnswer(): boolean {
    return this.answered < this.asked.length && Boolean(this.asked.at(-1)?.upgrade)
  }

  private requestRead(at: HeadAt<HttpRequestHead>): void {
    const { request } = at.head
    this.requests.setBody(requestBodyFraming(request), () => `the request at stream offset ${formatCount(at.start)} (${requestLine(at)})`)
    if (!requestsWebSocket(request)) {
      this.asked.push({ at, upgrade: null })
      return
    }
    const frameStart = this.requests.messageEnd
    if (frameStart !== null) this.asked.push({ at, upgrade: { frameStart } })
    else
      this.requests.stop(
        `${this.requests.label}: the upgrade request at stream offset ${formatCount(at.start)} has a chunked body, so where its frames would begin is unknown`,
      )
  }

  /** Pairs a response with the oldest request waiting (`asked`); returns the upgrade when it is accepted. */
  private responseRead(at: HeadAt<HttpResponseHead>, asked: Asked): Upgrade | null {
    const { response } = at.head
    const upgrade: Upgrade | null = asked.upgrade && { request: asked.at, response: at, clientFrameStart: asked.upgrade.frameStart, serverFrameStart: at.end }
    if (grantsUpgrade(response)) {
      if (upgrade) return upgrade
      this.responses.stop(
        `${this.responses.label}: the 101 at stream offset ${formatCount(at.start)} switches ${requestLine(asked.at)}, which asked for no WebSocket, to another protocol`,
      )
      return null
    }
    const statusLine = `${response.status} ${response.statusText}`.trim()
    const what = () => `the response at stream offset ${formatCount(at.start)} (${statusLine}, answering ${requestLine(asked.at)})`
    this.responses.setBody(responseBodyFraming(response, asked.at.head.request.method), what)
    // An interim answer (1xx, RFC 9110 §15.2): the final one follows.
    if (response.status < 200) return null
    // Emptied, the queue starts again at 0: it only grows while requests are pipelined.
    if (++this.answered === this.asked.length) this.asked.length = this.answered = 0
    if (this.listed.length <= MAX_LISTED) this.listed.push(`${requestLine(asked.at)} → ${statusLine}`)
    if (upgrade) this.refused = { upgrade, index: this.exchangeCount }
    this.exchangeCount++
    return null
  }

  /** No head to read: the outcome once nothing more can change it. */
  private settle(ended: boolean): HttpOutcome {
    const stuck = this.responses.stopReason !== null
    const next = this.asked[this.answered]
    if (next?.upgrade && (ended || stuck) && this.responses.betweenMessages) {
      // No answer to the upgrade request in the capture: its frames are decoded all the same.
      const upgrade = { request: next.at, response: null, clientFrameStart: next.upgrade.frameStart, serverFrameStart: this.responses.position }
      return { kind: 'websocket', upgrade, notes: this.notes(null) }
    }
    const over = ended || stuck || (this.requests.stopReason !== null && !next)
    if (!over) return { kind: 'pending' }
    if (this.refused) return { kind: 'websocket-refused', upgrade: this.refused.upgrade, notes: this.notes(this.refused.index) }
    return { kind: 'http', notes: this.stopReasons() }
  }

  /** What a session's notes say about the rest of the connection's HTTP. */
  private notes(except: number | null): string[] {
    const count = this.exchangeCount - (except === null ? 0 : 1)
    const others = this.listed.filter((_, i) => i !== except).slice(0, MAX_LISTED)
    const listed = others.join('; ') + (count > MAX_LISTED ? '; …' : '')
    return [...(count ? [`${countOf(count, 'other HTTP exchange')} on this connection (keep-alive): ${listed}`] : []), ...this.stopReasons()]
  }

  private stopReasons(): string[] {
    return [this.requests.stopReason, this.responses.stopReason].filter((reason) => reason !== null)
  }
}

function requestLine(at: HeadAt<HttpRequestHead>): string {
  const { method, url } = at.head.request
  return `${method} ${url.length > 60 ? `${url.slice(0, 60)}…` : url}`
}
