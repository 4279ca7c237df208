/**
 * The companion server's captures API: the contract between the server (src/server) and the
 * app (src/ui). Pure and isomorphic (no DOM, no Node): the browser app imports it too.
 *
 * ## Transport
 * The app opens ONE WebSocket to `ws://<server>/api/captures` (same origin as the app):
 * `CaptureCommand`s go to the server as JSON text messages. The server first sends a `hello`
 * (JSON text); the app then sends `subscribe` for one capture id or for '*' (every capture,
 * e.g. to watch proxy mode). Events come as one JSON text message each (`encoding: 'json'`,
 * the default, for programs) or, with `encoding: 'binary'` (the app), as binary batches of
 * many events (capture-batch.ts), sent every FEED_FLUSH_MS or when FEED_FLUSH_BYTES are
 * waiting; `frames: 'headers'` leaves frame payloads out, `frames: 'none'` the frames themselves
 * (see "Frames on demand"). A subscriber that reads too slowly
 * loses events (the server never buffers without bound): they are dropped and counted, and
 * once its backlog has cleared a `dropped` event saying how many comes before the next event
 * it does receive.
 *
 * ## Events from before anyone subscribed
 * A capture's start, handshake, upstream error and end are kept for later subscribers. Its
 * other events (frames, messages, findings…) are kept while nobody watches it, in a bounded
 * backlog (the last BACKLOG_EVENTS events and BACKLOG_BYTES of payload per capture), which the
 * first subscriber to it receives after the handshake; a `backlog-dropped` event before them
 * says how many earlier ones were not kept.
 *
 * ## Frames on demand
 * The server keeps each capture's latest frames, header and first payload bytes
 * (FRAME_PAYLOAD_KEPT of each), per sender and by frame index, within bounds: the last
 * FRAMES_KEPT frames and FRAMES_KEPT_BYTES per capture, FRAMES_KEPT_TOTAL_BYTES for every
 * capture together (past that, the capture holding the most gives up its oldest). A subscriber
 * with `frames: 'none'` receives no relayed frames in the stream (messages, findings and all
 * other events still come; frames the tap injected or dropped still come too, as they are no
 * endpoint's message) and asks for the frames it shows with `frames`: a range of frame indexes
 * of one sender (a message names its first frame and its frame count), or the frame holding
 * one byte offset of the sender's stream (a finding's). The answer is a `frames` event with
 * the frames still kept, payloads cut to the subscriber's `payloadLimit`; frames of the range
 * below its `keptFrom` are no longer kept, and `notKept` says why in words.
 *
 * ## Tapping a connection
 * Connect the WebSocket under test to `ws://<server>/tap?target=<ws or wss URL>&capture=<id>`
 * instead of the target. The server relays the connection byte for byte (handshake included:
 * only Host is rewritten, Origin too when `origin` is given, and the session's headers are
 * added) and publishes both directions as events with `captureId` = the chosen id.
 * Query parameters of `/tap` (`TapQuery`):
 * - `target`: the ws:// or wss:// URL to connect to (required unless `session` is given).
 * - `capture`: the capture id, chosen by the app so it can subscribe BEFORE connecting and so
 *   match its own connection ([A-Za-z0-9_.-], 1 to 64 characters, unique among live captures).
 *   When absent the server makes one up (see `capture-started`).
 * - `origin`: replaces (or adds) the Origin header sent upstream.
 * - `insecure`: a switch (`insecure` or `insecure=1`): accept any certificate from a wss://
 *   target, for development servers with self-signed ones. Off by default.
 * - `session`: the id of a tap session registered with `POST /api/taps` (below), which holds
 *   the target and extra headers such as Authorization or Cookie, so secrets never appear in a
 *   URL. Sessions live until the server stops (the oldest are forgotten past 100); one session
 *   serves any number of connections, each with its own capture id.
 * Subscribe to the capture id before opening the tapped socket, so nothing is missed (see
 * "Events from before anyone subscribed" for what a late subscriber gets).
 *
 * ## Access token
 * A browser (any request with an Origin header) must be of the app's own origin AND present
 * the server's access token on /tap, /api/captures and /api/taps: as the query parameter
 * `token` on WebSockets (`tapUrl`, `capturesUrl`), as the header `X-Wsinspect-Token` on HTTP.
 * The app reads it with `GET /api/token` → `TokenResponse`; pages of other origins cannot.
 * Programs send no Origin and need no token.
 *
 * ## Other JSON endpoints (same origin rules as /api/captures)
 * - `POST /api/taps` with `TapSessionRequest` (Content-Type: application/json) →
 *   201 `TapSessionResponse`, or 400 `ApiError`.
 * - `GET /api/scenarios` → `ScenarioInfo[]`: the crafted-frame scenarios at `/scenario/NAME`.
 *
 * ## Secrets
 * Credentials in handshakes and target URLs (Authorization, Cookie, Set-Cookie, `token=`…) are
 * redacted in every event unless the subscription asked for them with `showSecrets` (the hello,
 * sent before any subscription, is always redacted). The relayed bytes are never changed.
 *
 * ## Bytes in JSON
 * Byte strings are `BytesJson`: standard padded base64 of at most `payloadLimit` bytes (chosen
 * per subscriber in `subscribe`, default `DEFAULT_PAYLOAD_LIMIT`), with the full length and a
 * `truncated` flag. Times `t` are milliseconds since the epoch, fractional.
 *
 * ## Controls (what a page's WebSocket API cannot do)
 * Commands act on a live tapped connection; `to` says which peer receives what the tap sends.
 * - `ping`: the tap sends a Ping (masked when to the server) and reports the matching Pong as a
 *   `pong` event with its round-trip time. The Pong is still relayed to the other peer, where
 *   it arrives as an unsolicited Pong, which RFC 6455 §5.5.3 allows and endpoints ignore.
 * - `close`: a Close frame with any code (even ones not allowed on the wire) and reason.
 * - `auto-pong` off: the tap swallows the Pongs the CLIENT sends (browsers answer Pings by
 *   themselves and a page cannot stop them), so the server sees no answer to its Pings and its
 *   timeout can be tested. Swallowed Pongs are reported as frames with action 'dropped'. In
 *   proxy mode it does the same to the proxied program's Pongs.
 * - `inject`: any one frame. Data frames are sent uncompressed (RSV1 may not be set on them when
 *   permessage-deflate is in use: the receiver would inflate it with the shared LZ77 context and
 *   corrupt the stream), client-to-server frames are masked with a fresh key, and a frame is
 *   written only at a frame boundary of the stream it joins; a data frame also waits until a
 *   fragmented message of that sender has ended (control frames may go between its fragments).
 *   Waiting commands answer `command-result` with `queued: true`; the `frame` event with
 *   action 'injected' appears when the frame is written.
 * Every command may carry a `commandId`, echoed in its `command-result`.
 *
 * ## Rules and breakpoints (docs/proxy.md)
 * The server holds one list of match-and-replace rules (src/rules) for every tapped and
 * proxied connection. `set-rules` replaces it (checked first: a bad rule is refused with a
 * message naming it, and nothing changes); every subscriber receives a `rules` event after
 * `hello` and after each change. While rules apply to a direction, its data messages are kept
 * back until complete and each gets a `message-outcome` after its `message` event:
 * 'original' (relayed as it came), 'modified' (framed anew with `delivered` data), 'dropped',
 * or 'held' (a break rule matched: it waits, with every message behind it in that direction,
 * until a `release` command forwards it as is, forwards an edited version, or drops it; a
 * second outcome follows). Control frames are never held. A held message is forwarded on its
 * own after the hold timeout (or dropped, per `holdTimeoutAction`), and when no subscriber
 * watches its capture any more (the inspector tab closed). A break only holds while someone
 * watches the capture. Frames the tap injects get an outcome 'injected'.
 */
import type { CaptureStats, DeflateParams, Finding, FrameJson, HandshakeReport, MessageType, Sender } from '../protocol/index.ts'
import { decodeBase64, encodeBase64 } from '../protocol/index.ts'

/** Bumped on incompatible changes; `subscribe` states the version the app speaks. */
export const CAPTURE_API_VERSION = 1

export const CAPTURES_PATH = '/api/captures'
export const TAPS_PATH = '/api/taps'
export const SCENARIOS_PATH = '/api/scenarios'
export const TAP_PATH = '/tap'
export const TOKEN_PATH = '/api/token'
export const TOKEN_HEADER = 'X-Wsinspect-Token'

/** Bytes of each payload included in events unless the subscriber asks otherwise. */
export const DEFAULT_PAYLOAD_LIMIT = 64 * 1024
/** The most a subscriber may ask for per payload. */
export const MAX_PAYLOAD_LIMIT = 16 * 1024 * 1024

/** A binary subscriber's batch goes out this long after its first event, or sooner when it holds FEED_FLUSH_BYTES. */
export const FEED_FLUSH_MS = 16
export const FEED_FLUSH_BYTES = 256 * 1024

/** What a capture keeps of its events while nobody watches it. */
export const BACKLOG_EVENTS = 1000
export const BACKLOG_BYTES = 1024 * 1024

/** What the server keeps of each capture's frames for `frames` requests (see "Frames on demand"). */
export const FRAMES_KEPT = 20_000
export const FRAMES_KEPT_BYTES = 8 * 1024 * 1024
export const FRAMES_KEPT_TOTAL_BYTES = 64 * 1024 * 1024
/** Payload bytes kept of each frame. */
export const FRAME_PAYLOAD_KEPT = 64 * 1024
/** The most frames one `frames` request may ask for. */
export const MAX_FRAMES_PER_REQUEST = 1024
/** The most payload bytes one `frames` answer holds: past them its range ends early (`to` says where; ask again from there). */
export const MAX_FRAMES_ANSWER_BYTES = 2 * 1024 * 1024

/** 'json': one text message per event; 'binary': batches (capture-batch.ts). */
export type FeedEncoding = 'json' | 'binary'
/** 'headers': frames without their payloads (messages still carry their data); 'none': no relayed frames, ask for them with `frames`. */
export type FeedFrames = 'payloads' | 'headers' | 'none'

export const CAPTURE_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/

/** Who sent a frame or message: the core's one Sender type. */
export type { Sender }

/** 'tap': a client of /tap; 'proxy': a client of `wsinspect tap --listen PORT`. */
export type CaptureMode = 'tap' | 'proxy'

export interface BytesJson {
  /** Standard base64 of the bytes, or of their first bytes when `truncated`. */
  base64: string
  /** The full length in bytes. */
  length: number
  truncated: boolean
}

// ---------------------------------------------------------------------------------------
// Server → app

export interface Hello {
  type: 'hello'
  version: number
  /** Live captures when the app connected. */
  captures: CaptureSummary[]
  /** The server's largest message (bytes), beyond which a capture stops decoding its stream. */
  maxMessageBytes: number
}

export interface CaptureSummary {
  captureId: string
  mode: CaptureMode
  target: string
  startedAt: number
}

export interface CaptureStarted {
  type: 'capture-started'
  captureId: string
  t: number
  mode: CaptureMode
  /** The ws:// or wss:// URL the tap connects to (for proxy mode with the request's path). */
  target: string
  /** The client's address as "ip:port". */
  client: string
}

export interface CaptureHandshake {
  type: 'handshake'
  captureId: string
  t: number
  /** The request as sent upstream and the response as received (`report.request`/`.response`), and every RFC 6455 §4 check. */
  report: HandshakeReport
  /** The exact header text sent upstream and received (ISO-8859-1 decoded, CRLFs kept). */
  requestText: string
  responseText: string
  /** The permessage-deflate parameters both decoders use, or null without compression. */
  deflate: DeflateParams | null
}

/**
 * One frame as it crossed the tap. The FrameJson fields describe the header; `offset` is in
 * the sender's own byte stream (for an injected frame: the point of that stream it was
 * written before).
 */
export interface CaptureFrame extends FrameJson {
  type: 'frame'
  captureId: string
  t: number
  sender: Sender
  /** Position in the sender's stream (0-based); null for an injected frame. */
  index: number | null
  /** 'relayed' as sent; 'injected' by the tap; 'dropped': the tap swallowed it (auto-pong off). */
  action: 'relayed' | 'injected' | 'dropped'
  /** The header bytes exactly as on the wire (2 to 14). */
  header: string
  /** The payload as on the wire (still masked, still compressed). */
  payload: BytesJson
}

export interface CaptureMessage {
  type: 'message'
  captureId: string
  t: number
  sender: Sender
  /** Position among the sender's messages (control frames count as messages). */
  index: number
  messageType: MessageType
  /** Application data, unmasked and inflated. */
  data: BytesJson
  compressed: boolean
  /** Payload bytes on the wire over all the message's frames (`data.length / wireLength` is the compression ratio). */
  wireLength: number
  frameCount: number
  /** `index` of the message's first frame in the sender's stream. */
  firstFrame: number
  /** Header bytes over all the message's frames (wire size = wireLength + headerBytes). */
  headerBytes: number
  closeCode: number | null
  closeReason: string | null
}

export interface CaptureFinding {
  type: 'finding'
  captureId: string
  t: number
  sender: Sender
  /** A protocol violation (severity 'error' stops decoding that direction; relaying goes on) or a warning. */
  finding: Finding
}

export type UpstreamErrorKind =
  | 'dns' // the target's name does not resolve
  | 'refused' // nothing listens on the target's port
  | 'unreachable' // no route to the target's network or host
  | 'tls' // the TLS handshake failed (certificate, protocol)
  | 'timeout' // no complete handshake response within the handshake timeout
  | 'status' // the target answered, but not with 101 Switching Protocols
  | 'reset' // the target closed or reset the connection before answering
  | 'protocol' // the target's answer is not HTTP
  | 'aborted' // the tap gave up before the target answered (wsinspect is shutting down)
  | 'other'

export interface UpstreamError {
  type: 'upstream-error'
  captureId: string
  t: number
  kind: UpstreamErrorKind
  /** One line for people, e.g. 'getaddrinfo ENOTFOUND example.invalid'. */
  message: string
  /** Node's error code when there is one (ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED…). */
  code: string | null
  /** For kind 'status': the target's answer. */
  status?: { code: number; text: string; httpVersion: string; headers: [string, string][] }
}

export interface CapturePong {
  type: 'pong'
  captureId: string
  t: number
  /** The peer that answered the tap's Ping. */
  from: Sender
  payload: BytesJson
  rttMs: number
}

/** How a data message crossed the tap under rules. */
export type MessageMark = 'original' | 'modified' | 'dropped' | 'injected' | 'held'

export interface CaptureMessageOutcome {
  type: 'message-outcome'
  captureId: string
  t: number
  sender: Sender
  /** The `index` of the message's `message` event; null for a message the tap injected. */
  index: number | null
  messageType: 'text' | 'binary'
  mark: MessageMark
  /** The rule (0-based position in the list) that decided, or null. */
  rule: number | null
  /** For 'held' (and its later outcome): the id to `release` it with. */
  holdId: string | null
  /** For 'held': when the hold timeout acts, ms since the epoch. */
  expiresAt: number | null
  /** The application data as it came (unmasked, inflated). */
  original: BytesJson
  /** The application data delivered; null when dropped or held. */
  delivered: BytesJson | null
  /** The frames written to the receiver when the tap framed the message anew (else the original frames went on). */
  deliveredWire: BytesJson | null
  /** One line for people: which rule, who released it, why it was re-compressed. */
  reason: string
}

export interface RulesEvent {
  type: 'rules'
  t: number
  /** The rules in force, as given (see src/rules/rules.ts for the format). */
  rules: unknown[]
  holdTimeoutMs: number
  holdTimeoutAction: 'forward' | 'drop'
}

export interface CommandResult {
  type: 'command-result'
  captureId: string | null
  commandId: string | null
  ok: boolean
  /** What was done or, when !ok, why not. */
  message: string
  /** The frame waits for a frame or message boundary of the stream it joins. */
  queued: boolean
}

export interface Dropped {
  type: 'dropped'
  t: number
  /** Events this subscriber did not receive because it read too slowly, since the last notice. */
  count: number
}

/** Events of the capture from before anyone subscribed that were not kept (the backlog is bounded). */
export interface BacklogDropped {
  type: 'backlog-dropped'
  captureId: string
  t: number
  count: number
  /** Their payload bytes. */
  bytes: number
}

/** The answer to a `frames` request: the frames of the range the server still keeps. */
export interface CaptureFrames {
  type: 'frames'
  captureId: string
  commandId: string | null
  sender: Sender
  /**
   * The range answered (`to` exclusive; less than asked when the answer reached
   * MAX_FRAMES_ANSWER_BYTES); for a request by offset, the frame that holds it (or an empty range).
   */
  from: number
  to: number
  /** The sender's frames before this index are no longer kept (2^53 - 1 for a capture the server does not know). */
  keptFrom: number
  /** The kept frames of the range in order, payloads cut to the subscriber's `payloadLimit`. */
  frames: CaptureFrame[]
  /** Why frames of the range are missing, in words; null when all are there. */
  notKept: string | null
}

export interface CaptureEnded {
  type: 'capture-ended'
  captureId: string
  t: number
  /** Why: 'client closed', 'server closed', 'upstream error', 'server shutting down'… */
  reason: string
  /** What each sender's stream held, counted by the core (wire and inflated bytes give the ratios); null when the WebSocket never opened. */
  stats: Record<Sender, CaptureStats> | null
}

/** A command could not be read at all (bad JSON, unknown type, wrong version). */
export interface ApiErrorEvent {
  type: 'error'
  commandId: string | null
  message: string
}

export type CaptureEvent =
  | Hello
  | CaptureStarted
  | CaptureHandshake
  | CaptureFrame
  | CaptureMessage
  | CaptureFinding
  | UpstreamError
  | CapturePong
  | CaptureMessageOutcome
  | RulesEvent
  | CommandResult
  | Dropped
  | BacklogDropped
  | CaptureFrames
  | CaptureEnded
  | ApiErrorEvent

// ---------------------------------------------------------------------------------------
// App → server

interface CommandBase {
  /** Echoed in the `command-result` (or `error`). */
  commandId?: string
}

export interface Subscribe extends CommandBase {
  type: 'subscribe'
  version: number
  /** A capture id, or '*' for every capture. */
  captureId: string
  /** Bytes of each payload to include in events (0: lengths only); default DEFAULT_PAYLOAD_LIMIT. */
  payloadLimit?: number
  /**
   * Show credentials in this subscription's events: Authorization, Cookie, Set-Cookie and such
   * handshake fields, and token-like URL query parameters. Default false: they are replaced by
   * "[redacted]" (see shared/redact.ts). Payloads are never redacted.
   */
  showSecrets?: boolean
  /** How events are sent on this connection from now on: default 'json'. */
  encoding?: FeedEncoding
  /** Default 'payloads'. */
  frames?: FeedFrames
}

export interface Unsubscribe extends CommandBase {
  type: 'unsubscribe'
  captureId: string
}

export interface PingCommand extends CommandBase {
  type: 'ping'
  captureId: string
  /** Default 'server'. */
  to?: Sender
  /** Base64 of at most 125 bytes; default: a fresh 8-byte payload. */
  payload?: string
}

export interface CloseCommand extends CommandBase {
  type: 'close'
  captureId: string
  /** Default 'server'. */
  to?: Sender
  /** 0 to 65535 (codes not allowed on the wire are sent too, for testing); null: an empty body. */
  code: number | null
  /** At most 123 bytes of UTF-8. */
  reason?: string
}

export interface AutoPongCommand extends CommandBase {
  type: 'auto-pong'
  captureId: string
  enabled: boolean
}

export interface InjectFrameSpec {
  /** 0 to 15, reserved opcodes included. */
  opcode: number
  /** Default true. */
  fin?: boolean
  rsv1?: boolean
  rsv2?: boolean
  rsv3?: boolean
  /** Base64 of the (unmasked, uncompressed) payload; default empty. */
  payload?: string
}

export interface InjectCommand extends CommandBase {
  type: 'inject'
  captureId: string
  to: Sender
  frame: InjectFrameSpec
}

/** What to do with a held message. */
export type HoldAction = 'forward' | 'forward-edited' | 'drop'

export interface ReleaseCommand extends CommandBase {
  type: 'release'
  captureId: string
  holdId: string
  action: HoldAction
  /** For 'forward-edited': base64 of the message's new application data (uncompressed). */
  data?: string
}

export interface SetRulesCommand extends CommandBase {
  type: 'set-rules'
  rules: unknown[]
  /** Default: unchanged. */
  holdTimeoutMs?: number
  holdTimeoutAction?: 'forward' | 'drop'
}

/**
 * Asks for kept frames of one sender of a capture: `from` to `to` (frame indexes, `to`
 * exclusive, at most MAX_FRAMES_PER_REQUEST), or the one frame holding byte `offset` of the
 * sender's stream. Answered by a `frames` event.
 */
export interface FramesCommand extends CommandBase {
  type: 'frames'
  captureId: string
  sender: Sender
  from?: number
  to?: number
  offset?: number
}

export type CaptureCommand =
  FramesCommand | Subscribe | Unsubscribe | PingCommand | CloseCommand | AutoPongCommand | InjectCommand | ReleaseCommand | SetRulesCommand

// ---------------------------------------------------------------------------------------
// HTTP endpoints

export interface TapSessionRequest {
  target: string
  /** Extra request headers for the upstream handshake, e.g. ['Authorization', 'Bearer …']. */
  headers?: [string, string][]
  /** Origin to send upstream instead of the client's. */
  origin?: string
  /** Accept any certificate from a wss:// target (self-signed development servers). */
  insecure?: boolean
}

export interface TapSessionResponse {
  session: string
  /** Path and query to connect to: `/tap?session=…` (add `&capture=<id>`). */
  tapPath: string
}

export interface TokenResponse {
  token: string
}

export interface ApiError {
  error: string
}

export interface ScenarioInfo {
  name: string
  /** `/scenario/NAME`. */
  path: string
  description: string
  /** The violation the scenario demonstrates, with the close code a client must fail with; null for valid traffic. */
  violation: { code: string; closeCode: number; rfc: string } | null
  /** The client must offer permessage-deflate (the scenario sends compressed messages). */
  needsDeflate: boolean
  /** The messages a client decodes (up to the violation, if any). */
  messages: { type: MessageType; length: number; compressed: boolean; text?: string; closeCode?: number }[]
}

// ---------------------------------------------------------------------------------------
// Helpers

export function bytesToJson(bytes: Uint8Array, limit: number): BytesJson {
  const truncated = bytes.length > limit
  return { base64: encodeBase64(truncated ? bytes.subarray(0, limit) : bytes), length: bytes.length, truncated }
}

/** The bytes a BytesJson holds (all of them unless it is truncated). */
export function bytesFromJson(bytes: BytesJson): Uint8Array {
  return decodeBase64(bytes.base64) ?? new Uint8Array(0)
}

export interface TapQuery {
  target?: string
  capture?: string
  origin?: string
  /** '1' to accept any certificate from a wss:// target. */
  insecure?: string
  session?: string
  /** The server's access token (see TOKEN_PATH). */
  token?: string
}

/** The WebSocket URL of the captures API, from the app's own origin, with the access token. */
export function capturesUrl(appOrigin: string, token: string): string {
  const url = new URL(CAPTURES_PATH, appOrigin.replace(/^http/, 'ws'))
  url.searchParams.set('token', token)
  return url.toString()
}

/** The WebSocket URL of the tap, from the app's own origin (`location.origin`). */
export function tapUrl(appOrigin: string, query: TapQuery): string {
  const url = new URL(TAP_PATH, appOrigin.replace(/^http/, 'ws'))
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value)
  return url.toString()
}
