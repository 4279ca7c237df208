/**
 * What the connection engine needs from the outside world: a socket, the companion server's
 * tap, a clock and timers. The app passes browser implementations; tests pass fakes.
 */
import type { Result } from '../../protocol/index.ts'
import type { AutoPongCommand, CloseCommand, InjectCommand, PingCommand, ReleaseCommand, TapSessionRequest } from '../../shared/capture-api.ts'
import type { EventRun } from './captures-columns.ts'
import type { MessageBatch } from '../store/message-batch.ts'
import type { CloseInfo, OpenInfo } from './socket-protocol.ts'
import type { Connection, Outcome } from './connection.ts'
import type { TabsPort } from './connections-store.ts'
import type { FramesReply, FramesRequest } from './tap-frames.ts'
import type { TapRecorder } from './tap-recorder.ts'

/** What a socket reports, in the order the browser reports it. */
export interface SocketEvents {
  open(info: OpenInfo): void
  /** Received messages, unless the socket was made with `deliver` false and not told to deliver them since. */
  messages(batch: MessageBatch): void
  error(): void
  close(info: CloseInfo): void
  /** The browser would not even create the socket. */
  refused(message: string): void
  buffered(t: number, bytes: number): void
}

export interface SocketLike {
  send(data: string | Uint8Array<ArrayBuffer>): void
  close(code?: number, reason?: string): void
  /**
   * From now on, received messages go to `events.messages`: a socket made with `deliver` false
   * (through the tap, where the capture reports every message) drops them until told so.
   */
  deliverMessages(): void
  /** Releases the socket's resources once it is closed or abandoned. */
  dispose(): void
}

/** The companion server's side of "Through tap": its captures API and tap sessions. */
export interface TapDeps {
  /** Subscribes to a capture's events (credentials redacted unless `showSecrets`); resolves when the server has confirmed. */
  subscribe(captureId: string, handler: (run: EventRun) => void, showSecrets: boolean): Promise<Outcome>
  unsubscribe(captureId: string): void
  /** Every capture no tab subscribed to itself (the connections of `wsinspect proxy`). */
  subscribeAll(handler: (run: EventRun) => void): Promise<Outcome>
  /** Routes one capture's events to `handler` (it arrives through subscribeAll). */
  listen(captureId: string, handler: (run: EventRun) => void): void
  command(command: TapCommand & { captureId: string }): Promise<Outcome>
  /** Asks for kept frames of a capture (the feed brings messages without them). */
  frames(captureId: string, request: FramesRequest): Promise<FramesReply>
  /** Registers a target with extra headers (POST /api/taps): the tap's path for it, or why not. */
  session(request: TapSessionRequest): Promise<Result<string>>
  /** The server's origin (the app's own). */
  origin(): string
  /** The server's access token, which the tap wants from browsers. */
  token(): Promise<string>
}

/** A control the tap performs on a tapped connection (captureId is added by the engine). */
export type TapCommand =
  | Omit<PingCommand, 'captureId'>
  | Omit<CloseCommand, 'captureId'>
  | Omit<AutoPongCommand, 'captureId'>
  | Omit<InjectCommand, 'captureId'>
  | Omit<ReleaseCommand, 'captureId'>

/** The engine's hold on one open socket. */
export interface Live {
  socket: SocketLike
  url: string
  protocols: string[]
  opened: boolean
  closing: boolean
  /** Negotiated permessage-deflate: a page cannot know what its messages took on the wire. */
  deflate: boolean
  /** The user disconnected or closed: no reconnect, and the close is not an error. */
  byUser: boolean
  /** The close code the user asked for (close(), or a Close the tap sent): that code coming back is no error. */
  requestedClose?: number
  /** Through the tap: the log comes from the capture, not from the socket (until the capture feed is lost). */
  tap: { captureId: string; target: string; error: string | null; feedLost?: boolean; recorder: TapRecorder } | null
}

/** What the engine holds for a connection; it lives on the Connection and ends with it. */
export interface SocketLink {
  live: Live | null
  /** Reconnects tried since the last open. */
  reconnectAttempts: number
  retryTimer: number | null
  /** Each connect() gets a serial number; an asynchronous tap setup gives up when it is no longer the latest. */
  serial: number
  /** The capture a tapped tab listens to, until it connects again or is disposed. */
  captureId: string | null
  /** The tab shows a connection someone else made through the tap (`wsinspect proxy`): no socket of ours. */
  watched: boolean
}

export interface EngineDeps {
  /** The live connections by tab id (undefined once disposed). */
  connection: (id: string) => Connection | undefined
  tabs: TabsPort
  /** `deliver` false: received messages are dropped where they arrive until deliverMessages(). */
  createSocket: (url: string, protocols: string[], events: SocketEvents, deliver: boolean) => SocketLike
  tap: TapDeps
  /** ms since the epoch, fractional. */
  now: () => number
  setTimer: (callback: () => void, ms: number) => number
  clearTimer: (timer: number) => void
  random: () => number
  /** location.protocol of the page ('https:' forbids ws://). */
  pageProtocol: () => string
}
