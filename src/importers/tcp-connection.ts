/**
 * One TCP connection of a capture: both directions reassembled, what each starts with
 * recognised (HTTP, TLS, other), HTTP followed exchange by exchange to its upgrade, and, for a
 * WebSocket, both directions decoded into a Session as the bytes arrive. Everything it learns
 * about the connection ends up in its summary, so no connection of the file goes unlisted.
 */
import { emptySession, type Sender, type Session, type SessionEvent } from '../shared/session.ts'
import { negotiatedDeflate, type Finding } from '../protocol/index.ts'
import { countOf, formatCount, type ConnectionSummary } from './import-result.ts'
import { TcpStream } from './tcp-reassembly.ts'
import { HttpExchanges, type Upgrade } from './http-exchanges.ts'
import { classifyStreamStart, MAX_HEAD_LENGTH, responseField, webSocketUrl, type StreamStart } from './http-upgrade.ts'
import { SessionBuilder } from './session-builder.ts'
import { tlsServerName } from './tls-detect.ts'
import type { TcpSegment } from './tcp-header.ts'

type Index = 0 | 1

/** Bytes never captured in one direction: `offset` in its TCP stream, `time` of the packet after them. */
interface Gap {
  index: Index
  offset: number
  size: number
  time: number
}

class Direction {
  readonly stream: TcpStream
  /** The first bytes, copied until what the direction starts with is known. */
  prefix = new Uint8Array(0)
  start: StreamStart = { kind: 'need-more' }
  finTime: number | null = null
  resetTime: number | null = null

  constructor(onData: (chunk: Uint8Array, time: number) => void, onGap: (offset: number, size: number, time: number) => void) {
    this.stream = new TcpStream({ data: onData, gap: onGap })
  }

  /** Adds bytes to the prefix (bounded) and classifies it again. */
  learn(chunk: Uint8Array, ended: boolean): void {
    if (this.start.kind !== 'need-more') return
    if (chunk.length) {
      const take = Math.min(chunk.length, MAX_HEAD_LENGTH - this.prefix.length)
      const grown = new Uint8Array(this.prefix.length + take)
      grown.set(this.prefix)
      grown.set(chunk.subarray(0, take), this.prefix.length)
      this.prefix = grown
    }
    this.start = classifyStreamStart(this.prefix, ended)
  }
}

export class TcpConnection {
  kind: ConnectionSummary['kind'] | 'pending' = 'pending'
  session: Session | null = null
  packets = 0
  end: number
  private readonly directions: [Direction, Direction]
  /** Which direction the client sends: the SYN's sender, or the one that sends the HTTP request. */
  private client: Index | null = null
  private builder: SessionBuilder | null = null
  /** Once the client is known to speak HTTP: its exchanges, followed up to the upgrade. */
  private http: HttpExchanges | null = null
  private readonly notes: string[] = []
  /** Gaps seen while the connection is still being recognised: noted, or replayed into the decoder, once it is. */
  private heldGaps: Gap[] = []
  /** Gaps handed to the decoder, waiting for it to say where decoding resumed. */
  private readonly resyncing: Record<Sender, Gap[]> = { client: [], server: [] }

  constructor(
    /** endpoints[0] sent the first packet seen. */
    readonly endpoints: [string, string],
    readonly start: number,
  ) {
    this.end = start
    this.directions = [this.newDirection(0), this.newDirection(1)]
  }

  /** A SYN on a connection that already has one, with another sequence number: the ports were reused. */
  isNewConnection(index: Index, segment: TcpSegment): boolean {
    if (!segment.syn || segment.ack) return false
    const stream = this.directions[index].stream
    return stream.started && !stream.isSameSyn(segment.seq)
  }

  packet(index: Index, segment: TcpSegment, bytes: Uint8Array, time: number): void {
    this.packets++
    this.end = time
    const direction = this.directions[index]
    let seq = segment.seq
    if (segment.syn) {
      if (!segment.ack && this.client === null) this.client = index
      direction.stream.syn(seq)
      seq = (seq + 1) >>> 0
    }
    direction.stream.segment(seq, bytes, segment.payloadStart, segment.payloadEnd, time)
    if (segment.fin) direction.finTime ??= time
    if (segment.rst) direction.resetTime ??= time
  }

  /** The end of the capture: settles what is still open and returns the connection's summary. */
  finish(): ConnectionSummary {
    for (const index of [0, 1] as const) {
      const direction = this.directions[index]
      direction.stream.finish()
      direction.learn(new Uint8Array(0), true)
    }
    if (this.kind === 'pending') this.decide(true)
    this.noteHeldGaps(null)
    for (const index of [0, 1] as const) this.noteStream(index)
    if (this.builder) {
      for (const sender of ['client', 'server'] as const) this.builder.stop(sender, this.end)
      this.session!.events.push(this.closedEvent())
    }
    if (this.session) this.session.info.notes.push(...this.notes)
    const client = this.clientIndex()
    return {
      kind: this.kind === 'pending' ? 'other' : this.kind,
      client: this.endpoints[client],
      server: this.endpoints[other(client)],
      clientBytes: this.directions[client].stream.delivered,
      serverBytes: this.directions[other(client)].stream.delivered,
      packets: this.packets,
      start: this.start,
      end: this.end,
      sessionIndex: null,
      notes: this.notes,
    }
  }

  private newDirection(index: Index): Direction {
    return new Direction(
      (chunk, time) => this.onData(index, chunk, time),
      (offset, size, time) => this.onGap(index, offset, size, time),
    )
  }

  private clientIndex(): Index {
    return this.client ?? 0
  }

  private sender(index: Index): Sender {
    return index === this.clientIndex() ? 'client' : 'server'
  }

  private onData(index: Index, chunk: Uint8Array, time: number): void {
    if (this.kind === 'pending') {
      this.directions[index].learn(chunk, false)
      this.decide(false)
    } else if (this.builder) {
      this.builder.feed(this.sender(index), chunk, time)
    }
  }

  private onGap(index: Index, offset: number, size: number, time: number): void {
    // A head with a hole in it cannot be read.
    const direction = this.directions[index]
    if (direction.start.kind === 'need-more') direction.start = { kind: 'other' }
    const gap = { index, offset, size, time }
    if (this.kind === 'pending') this.heldGaps.push(gap)
    else this.decodeGap(gap)
  }

  /** Hands a gap to the WebSocket decoder of its direction, or notes it when nothing decodes there. */
  private decodeGap(gap: Gap): void {
    const sender = this.sender(gap.index)
    if (!this.builder || this.builder.isStopped(sender)) {
      this.notes.push(gapText(sender, gap))
      return
    }
    const queue = this.resyncing[sender]
    queue.push(gap)
    this.builder.gap(sender, gap.size, gap.time)
    // Decoding resumed after an earlier gap may have stopped (a violation, a Close) before this one.
    if (queue.at(-1) === gap && this.builder.isStopped(sender)) {
      queue.pop()
      this.notes.push(gapText(sender, gap))
    }
  }

  /** Notes what the decoder found after a gap (in order: one report per gap), and the compression window lost. */
  private readonly onGapReport = (sender: Sender, report: Finding, at: number): void => {
    const label = directionLabel(sender)
    if (report.code === 'gap.deflate-context-lost') {
      this.notes.push(
        `${label}: compressed messages from stream offset ${formatCount(at)} on are kept as their compressed bytes: with context takeover each is compressed against the LZ77 window of those before it, which a gap in the capture lost, so none can be inflated again in this direction`,
      )
      return
    }
    const queue = this.resyncing[sender]
    const gap = queue.shift()!
    const where = `${gapText(sender, gap)}, before the packet captured at ${new Date(gap.time).toISOString()}`
    if (report.code === 'gap.no-frame-boundary') {
      const next = queue[0]
      const before = next ? `the next gap, at stream offset ${formatCount(next.offset)}` : 'the end of the capture'
      this.notes.push(
        `${where}; no WebSocket frame boundary was found in the ${countOf(report.length, 'byte')} after it, before ${before}, so they are not decoded`,
      )
    } else if (report.length) {
      this.notes.push(
        `${where}; WebSocket decoding resumed at stream offset ${formatCount(at)}, skipping ${countOf(report.length, 'byte')} after the gap to reach the first frame boundary found`,
      )
    } else {
      this.notes.push(`${where}; WebSocket decoding resumed right after it, where a frame starts`)
    }
  }

  /** Decides what the connection is, once both directions' starts are known (or cannot be). */
  private decide(ended: boolean): void {
    const starts = [this.directions[0].start, this.directions[1].start] as const
    const tls = indexWhere(starts, (s) => s.kind === 'tls')
    if (tls !== null) {
      this.becomeTls(tls)
      return this.noteHeldGaps(null)
    }
    const requestIndex = indexWhere(starts, (s) => s.kind === 'http-request')
    if (requestIndex === null) {
      // Wait for the other direction only while an upgrade is still possible.
      if (!ended && starts.some((s) => s.kind === 'need-more') && !starts.some((s) => s.kind === 'other')) return
      this.kind = starts.some((s) => s.kind === 'http-response') ? 'http' : 'other'
      return this.noteHeldGaps(null)
    }
    if (!this.http) {
      this.client = requestIndex
      const [client, server] = [this.directions[requestIndex], this.directions[other(requestIndex)]]
      this.http = new HttpExchanges(client.stream.chunks, server.stream.chunks, { client: directionLabel('client'), server: directionLabel('server') })
    }
    const outcome = this.http.follow(ended)
    if (outcome.kind === 'pending') return
    const frameStarts = outcome.kind === 'websocket' ? this.frameStarts(outcome.upgrade) : null
    this.noteHeldGaps(frameStarts)
    this.notes.push(...outcome.notes)
    if (outcome.kind === 'http') {
      this.kind = 'http'
      return
    }
    this.becomeWebSocket(outcome.upgrade, frameStarts)
    if (!outcome.upgrade.response)
      this.notes.push(
        'no handshake response from the server was found in the capture: permessage-deflate could not be known, so frames are decoded as uncompressed',
      )
  }

  private becomeTls(index: Index): void {
    this.kind = 'tls'
    if (this.client === null) this.client = index
    const serverName = tlsServerName(this.directions[this.clientIndex()].prefix)
    const server = this.endpoints[other(this.clientIndex())]
    this.session = emptySession({
      id: '',
      source: 'pcap',
      name: `TLS ${server}${serverName ? ` (${serverName})` : ''}`,
      url: serverName ? `wss://${serverName}` : '',
      createdAt: this.start,
      framesReal: true,
      endpoints: { client: this.endpoints[this.clientIndex()], server },
      notes: ['TLS: not decodable without keys', ...(serverName ? [`server name (SNI): ${serverName}`] : [])],
    })
  }

  /**
   * Where each direction's frames start (indexed like `directions`): just after its handshake
   * head, or, when bytes are missing there (the lost answer to an upgrade), where the capture
   * goes on.
   */
  private frameStarts(upgrade: Upgrade): [number, number] {
    const client = this.clientIndex()
    const starts: [number, number] = [0, 0]
    starts[client] = this.directions[client].stream.chunks.firstPresent(upgrade.clientFrameStart)
    starts[other(client)] = this.directions[other(client)].stream.chunks.firstPresent(upgrade.serverFrameStart)
    return starts
  }

  /** Notes the gaps seen while the connection was recognised, but for those among frames (`frameStarts`), which the decoder is given. */
  private noteHeldGaps(frameStarts: [number, number] | null): void {
    const amongFrames = (gap: Gap) => frameStarts !== null && gap.offset >= frameStarts[gap.index]
    for (const gap of this.heldGaps) if (!amongFrames(gap)) this.notes.push(gapText(this.sender(gap.index), gap))
    this.heldGaps = this.heldGaps.filter(amongFrames)
  }

  /** `frameStarts` for an accepted upgrade, null for a refused one. */
  private becomeWebSocket(upgrade: Upgrade, frameStarts: [number, number] | null): void {
    const client = this.clientIndex()
    const server = other(client)
    const request = upgrade.request.head
    const reply = upgrade.response?.head ?? null
    const response = reply?.response ?? null
    const extensions = responseField(response, 'Sec-WebSocket-Extensions')
    const deflate = negotiatedDeflate(extensions)
    const url = webSocketUrl(request.request, this.endpoints[server])
    const session = emptySession({
      id: '',
      source: 'pcap',
      name: url,
      url,
      createdAt: this.start,
      framesReal: true,
      subprotocol: responseField(response, 'Sec-WebSocket-Protocol'),
      extensions,
      handshake: { request: request.request, response },
      endpoints: { client: this.endpoints[client], server: this.endpoints[server] },
    })
    const requestTime = upgrade.request.time
    const responseTime = upgrade.response?.time ?? requestTime
    const handshakeFindings = (sender: Sender, t: number, findings: Finding[]) => {
      for (const finding of findings) session.findings.push({ t, sender, finding })
    }
    handshakeFindings('client', requestTime, request.findings)
    handshakeFindings('server', responseTime, [...(reply?.findings ?? []), ...deflate.findings])
    session.events.push(event(requestTime, 'connecting', 0, `${request.request.method} ${request.request.url}`))
    this.session = session
    if (!frameStarts) {
      this.kind = 'websocket-refused'
      session.events.push({ ...event(responseTime, 'error', 3, `upgrade refused: HTTP ${response!.status} ${response!.statusText}`.trim()), wasClean: false })
      return
    }
    this.kind = 'websocket'
    if (response) session.events.push(event(responseTime, 'open', 1, `HTTP ${response.status} ${response.statusText}`.trim()))
    const directions = this.directions
    this.builder = new SessionBuilder(
      session,
      deflate.params,
      { chunks: directions[client].stream.chunks, frameStart: frameStarts[client] },
      { chunks: directions[server].stream.chunks, frameStart: frameStarts[server] },
      this.onGapReport,
    )
    // Bytes and gaps that came before the decision (in the head's packets or before the response).
    for (const index of [client, server]) {
      const { chunks } = directions[index].stream
      const gaps = this.heldGaps.filter((gap) => gap.index === index)
      let g = 0
      for (const chunk of chunks.chunks) {
        for (let gap = gaps[g]; gap && gap.offset < chunk.offset; gap = gaps[++g]) this.decodeGap(gap)
        const from = Math.max(0, frameStarts[index] - chunk.offset)
        if (from < chunk.bytes.length) this.builder.feed(this.sender(index), chunk.bytes.subarray(from), chunk.time)
      }
    }
    this.heldGaps = []
  }

  /** Notes what reassembly saw in one direction: retransmissions, conflicts, a missing start. */
  private noteStream(index: Index): void {
    const label = directionLabel(this.sender(index))
    const { stats } = this.directions[index].stream
    if (stats.conflictingBytes) {
      this.notes.push(
        `${label}: ${countOf(stats.conflictingBytes, 'retransmitted byte')} differ${stats.conflictingBytes === 1 ? 's' : ''} from the bytes first seen (from the segment at stream offset ${formatCount(stats.firstConflict)}); the first-seen bytes were kept`,
      )
    } else if (stats.retransmittedSegments) {
      this.notes.push(`${label}: ${countOf(stats.retransmittedSegments, 'retransmitted or overlapping segment')}, with the same bytes`)
    }
    if (stats.bytesBeforeStart) {
      this.notes.push(`${label}: the capture starts after the connection opened (no SYN); ${formatCount(stats.bytesBeforeStart)} earlier bytes ignored`)
    }
  }

  private closedEvent(): SessionEvent {
    const ends = this.directions.map((d, i) => ({ d, sender: this.sender(i as Index) }))
    const reset = ends.find((e) => e.d.resetTime !== null)
    const fin = ends.filter((e) => e.d.finTime !== null)
    const closes = this.session!.messages.filter((m) => m.type === 'close')
    const closeCode = closes[0]?.closeCode ?? null
    if (reset) return { ...event(reset.d.resetTime!, 'closed', 3, `TCP reset by the ${reset.sender}`), closeCode, wasClean: false }
    if (fin.length) {
      const last = Math.max(...fin.map((e) => e.d.finTime!))
      return {
        ...event(last, 'closed', 3, `TCP connection closed (FIN from ${fin.map((e) => e.sender).join(' and ')})`),
        closeCode,
        wasClean: closes.length >= 2,
      }
    }
    return { ...event(this.end, 'note', 1, 'the capture ends while the connection is still open'), closeCode }
  }
}

/** The index of the connection's other direction. */
function other(index: Index): Index {
  return index === 0 ? 1 : 0
}

/** The index of the first direction whose start matches, or null. */
function indexWhere(starts: readonly [StreamStart, StreamStart], match: (start: StreamStart) => boolean): Index | null {
  return match(starts[0]) ? 0 : match(starts[1]) ? 1 : null
}

/** "client → server". */
function directionLabel(sender: Sender): string {
  return `${sender} → ${sender === 'client' ? 'server' : 'client'}`
}

/** "server → client: 1,460 bytes missing at stream offset 5,000 (not captured)". */
function gapText(sender: Sender, gap: Gap): string {
  return `${directionLabel(sender)}: ${countOf(gap.size, 'byte')} missing at stream offset ${formatCount(gap.offset)} (not captured)`
}

function event(t: number, kind: SessionEvent['kind'], readyState: number | null, detail: string): SessionEvent {
  return { t, kind, readyState, detail, closeCode: null, wasClean: null }
}
