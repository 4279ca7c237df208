/**
 * Sessions and inspector tabs, both ways. `openSessionInInspector` shows a Session (a pcap,
 * HAR, JSON file or decoded paste) in a new read-only tab through the same stores a live
 * connection fills: frames into the frame store, messages appended to the log and the
 * timeline, the handshake checked by the core and the findings as the tab's one connection attempt. And
 * `connectionToSession` reads a tab's columns back into a Session, for saving and exporting.
 * A session loaded and read back is the same session, but for what the log does not keep
 * (payloads past MAX_STORED_BYTES, events past the timeline's limit).
 */
import { checkHandshake, headerLengthFor, minimalLengthBits, parseCloseBody, type HandshakeRequest, type HandshakeResponse } from '../../protocol/index.ts'
import type { Sender, Session, SessionFrame, SessionInfo, SessionMessage } from '../../shared/session.ts'
import { latestHandshake, type ConnectionData } from '../connection/connection.ts'
import { connections } from '../connection/connections.ts'
import { IDLE, tabTitle, useConnectionsStore, type Connection, type ConnectionStatus } from '../connection/connections-store.ts'
import { FrameFlag } from '../store/frame-store.ts'
import { append } from '../connection/ingest.ts'
import { Flag, MAX_STORED_BYTES } from '../store/message-store.ts'
import { appendFrameRow } from '../connection/tap-recorder.ts'
import type { DecodedFrame } from '../connection/captures-protocol.ts'

/** Opens the session in a new read-only tab (made active); returns the tab's id. */
export function openSessionInInspector(session: Session): string {
  const id = useConnectionsStore.getState().addSession(session.info, sessionStatus(session))
  const data = connections.get(id)!
  const rows = loadFramesAndMessages(data, session)
  markViolations(data, session, rows)
  for (const event of session.events) data.timeline.event(event)
  // A session is one attempt: its handshake and findings.
  const attempt = data.beginAttempt(session.info.createdAt, session.info.url, session.info.source === 'tap')
  data.updateAttempt(attempt, { findings: session.findings.slice() })
  const handshake = session.info.handshake
  if (handshake && (handshake.request || handshake.response)) {
    const report = checkHandshake({ ...handshake, findings: [], format: 'raw-http' })
    data.updateAttempt(attempt, {
      handshake: {
        report,
        requestText: handshake.request ? requestHead(handshake.request) : '',
        responseText: handshake.response ? responseHead(handshake.response) : '',
        deflate: report.deflate,
      },
    })
  }
  data.publishTimeline()
  data.publishLog()
  return id
}

/** Where the session ended: its last readyState, when it opened, and how it closed. */
function sessionStatus({ info, events, messages }: Session): ConnectionStatus {
  let readyState: number | null = null
  let close: ConnectionStatus['close'] = null
  for (const e of events) {
    if (e.readyState !== null) readyState = e.readyState
    if (e.kind === 'closed') {
      const reason = messages.find((m) => m.type === 'close')?.closeReason ?? ''
      close = { code: e.closeCode ?? 1006, reason, wasClean: e.wasClean ?? false }
    }
  }
  return {
    ...IDLE,
    phase: 'closed',
    readyState,
    url: info.url,
    protocol: info.subprotocol ?? '',
    extensions: info.extensions ?? '',
    openedAt: events.find((e) => e.kind === 'open')?.t ?? null,
    close,
  }
}

const isControl = (frame: SessionFrame) => (frame.header[0] & 0x08) !== 0

/**
 * The frames of each message (session frame indices). A capture names the message only on
 * the frame that completes it, the tap on every frame: the data frames before a completing
 * frame that names no message belong to it, up to its frame count.
 */
function frameChains({ frames, messages }: Session): Map<number, number[]> {
  const chains = new Map<number, number[]>()
  const pending: Record<Sender, number[]> = { client: [], server: [] }
  frames.forEach((frame, k) => {
    if (frame.injected) return
    const control = isControl(frame)
    if (frame.messageIndex === null) {
      if (!control) pending[frame.sender].push(k)
      return
    }
    let chain = chains.get(frame.messageIndex)
    if (!chain) {
      const before = control ? [] : pending[frame.sender]
      chain = before.slice(Math.max(0, before.length - ((messages[frame.messageIndex]?.frameCount ?? 1) - 1)))
      chains.set(frame.messageIndex, chain)
    }
    if (!control) pending[frame.sender] = []
    chain.push(k)
  })
  return chains
}

/**
 * The frames that broke the protocol (the session's error findings, located by stream offset)
 * marked on the rows of the messages they belong to, as a live tapped tab marks them.
 */
function markViolations(data: ConnectionData, { findings, frames }: Session, rows: number[]): void {
  for (const f of findings) {
    if (f.finding.severity !== 'error') continue
    const { offset } = f.finding
    const frame = frames.find(
      (fr) => !fr.injected && fr.sender === f.sender && fr.offset <= offset && offset < fr.offset + fr.header.length + fr.payload.length,
    )
    if (frame?.messageIndex != null && rows[frame.messageIndex] !== undefined) data.violations.set(rows[frame.messageIndex], f)
  }
}

/** Loads the session's frames and messages; returns each message's row in the log. */
function loadFramesAndMessages(data: ConnectionData, session: Session): number[] {
  const rows: number[] = []
  const chains = frameChains(session)
  const inChain = new Uint8Array(session.frames.length)
  for (const chain of chains.values()) for (const k of chain) inChain[k] = 1
  const base = data.frames.length
  session.frames.forEach((f, k) => {
    data.frames.append({
      t: f.t,
      sender: f.sender,
      header: f.header,
      payload: f.payload,
      offset: f.offset,
      action: f.injected ? 'injected' : 'relayed',
      unlinked: inChain[k] === 1 && f.messageIndex === null,
    })
  })
  for (const chain of chains.values()) for (let i = 1; i < chain.length; i++) data.frames.link(base + chain[i - 1], base + chain[i])

  // Frames the tap injected get rows of their own, placed among the messages by time.
  const injected = session.frames.flatMap((f, k) => (f.injected ? [k] : []))
  let next = 0
  const injectUpTo = (t: number) => {
    for (; next < injected.length && session.frames[injected[next]].t <= t; next++)
      appendFrameRow(data, base + injected[next], session.frames[injected[next]].payload.length, true)
  }
  session.messages.forEach((m, j) => {
    injectUpTo(m.t)
    const chain = chains.get(j)
    const headers = chain ? chain.reduce((n, k) => n + session.frames[k].header.length, 0) : null
    rows[j] = append(data, {
      t: m.t,
      sender: m.sender,
      type: m.type,
      data: m.data,
      compressed: m.compressed,
      gap: m.gap,
      closeCode: m.closeCode,
      // 1006 and 1015 are never on the wire: the browser reported them.
      local: m.type === 'close' && m.data.length === 0 && (m.closeCode === 1006 || m.closeCode === 1015),
      // Without its frames, a message's header bytes are those of one frame: what a page's messages take.
      wire:
        m.wireLength === null ? null : { payload: m.wireLength, headers: headers ?? headerLengthFor(minimalLengthBits(m.wireLength), m.sender === 'client') },
      firstFrame: chain ? base + chain[0] : undefined,
      frameCount: m.frameCount ?? chain?.length,
    })
  })
  injectUpTo(Infinity)
  return rows
}

/** The request as an HTTP head, for the handshake panel (a file gives fields, not the bytes). */
function requestHead(r: HandshakeRequest): string {
  return `${r.method || 'GET'} ${r.url || '/'} ${r.httpVersion ?? 'HTTP/1.1'}\r\n${fieldLines(r.headers)}`
}

function responseHead(r: HandshakeResponse): string {
  return `${r.httpVersion ?? 'HTTP/1.1'} ${r.status} ${r.statusText}\r\n${fieldLines(r.headers)}`
}

const fieldLines = (headers: [string, string][]) => headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')

/** The frames of a tapped tab's rows that the companion server still keeps, for its session. */
export function tapFramesOf(id: string): Promise<Map<number, DecodedFrame[]>> {
  const connection = connections.get(id)
  if (!connection?.tapFrames.linked) return Promise.resolve(new Map())
  const { messages, tapFrames } = connection
  return tapFrames.collect((row) => {
    const type = messages.type(row)
    return { sender: messages.sender(row), control: type !== 'text' && type !== 'binary' }
  })
}

/**
 * The tab's log, frames, timeline events, findings and handshake as a Session. `fetched`: frames
 * of tapped rows the companion server still kept (tapFramesOf), by row.
 */
export function connectionToSession(id: string, fetched: ReadonlyMap<number, DecodedFrame[]> = new Map()): Session {
  const tab = useConnectionsStore.getState().byId[id]
  const connection = connections.get(id)
  if (!tab || !connection) throw new Error(`no open tab ${id}`)
  const { messages, frames, timeline } = connection
  const frameMessage = new Float64Array(frames.length).fill(NaN)
  const out: SessionMessage[] = []
  const fromServer: SessionFrame[] = []
  let truncated = 0
  for (let i = 0; i < messages.length; i++) {
    // A frame the tap injected is a frame of the session, not a message.
    if (messages.has(i, Flag.INJECTED)) continue
    const link = messages.frames(i)
    if (link) for (const f of frames.chain(link.first, link.count)) if (!frames.has(f, FrameFlag.UNLINKED)) frameMessage[f] = out.length
    for (const f of fetched.get(i) ?? [])
      fromServer.push({ t: f.t, sender: f.sender, offset: f.offset, header: f.header, payload: f.payload, messageIndex: out.length, injected: false })
    if (messages.has(i, Flag.TRUNCATED)) truncated++
    out.push(sessionMessage(messages, i))
  }
  const sessionFrames: SessionFrame[] = []
  for (let f = 0; f < frames.length; f++) {
    const bytes = frames.bytes(f)
    const headerLength = frames.headerLength(f)
    sessionFrames.push({
      t: frames.time(f),
      sender: frames.sender(f),
      offset: frames.streamOffset(f),
      header: bytes.subarray(0, headerLength),
      payload: bytes.subarray(headerLength),
      messageIndex: Number.isNaN(frameMessage[f]) ? null : frameMessage[f],
      injected: frames.has(f, FrameFlag.INJECTED),
    })
  }
  // Frames in the order they crossed the wire (the sort is stable: each message's stay in order).
  if (fromServer.length) {
    sessionFrames.push(...fromServer)
    sessionFrames.sort((a, b) => a.t - b.t)
  }
  const events = timeline.snapshot().events.slice()
  const info = tab.session ?? liveInfo(tab, events[0]?.t ?? (out.length ? out[0].t : Date.now()))
  if (truncated && !tab.session)
    info.notes.push(
      `${truncated} message${truncated === 1 ? ' was' : 's were'} longer than ${MAX_STORED_BYTES / 1024 / 1024} MiB: only the first MiB of each was kept`,
    )
  return { info, messages: out, frames: sessionFrames, events, findings: connection.view.getState().attempts.flatMap((a) => a.findings) }
}

function sessionMessage(messages: ConnectionData['messages'], i: number): SessionMessage {
  const type = messages.type(i)
  const data = messages.payload(i)
  // A Close frame's body holds its code and reason; a close the browser reported has neither.
  const body = type === 'close' && data.length >= 2 ? parseCloseBody(data).body : null
  return {
    t: messages.time(i),
    sender: messages.sender(i),
    type,
    data,
    compressed: messages.has(i, Flag.COMPRESSED),
    wireLength: messages.wirePayload(i),
    frameCount: messages.frameCount(i),
    closeCode: body ? body.code : messages.closeCode(i),
    closeReason: body ? body.reason : null,
    ...(messages.gap(i) && { gap: messages.gap(i) }),
  }
}

/** What a live tab's socket and the tap told about the connection. */
function liveInfo(tab: Connection, createdAt: number): SessionInfo {
  const view = connections.get(tab.id)?.view.getState()
  // The handshake that negotiated the latest messages (a refused attempt after it has none).
  const handshake = view && latestHandshake(view)
  const { status } = tab
  const when = new Date(createdAt)
  const two = (n: number) => String(n).padStart(2, '0')
  return {
    id: crypto.randomUUID(),
    name: `${tabTitle(tab)} ${when.getFullYear()}-${two(when.getMonth() + 1)}-${two(when.getDate())} ${two(when.getHours())}:${two(when.getMinutes())}`,
    source: status.tapped ? 'tap' : 'direct',
    url: status.url || tab.config.url,
    createdAt,
    framesReal: status.tapped,
    subprotocol: status.protocol || null,
    extensions: status.extensions || null,
    handshake: handshake ? { request: handshake.report.request, response: handshake.report.response } : null,
    endpoints: null,
    notes: [],
  }
}
