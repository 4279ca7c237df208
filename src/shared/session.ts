/**
 * A WebSocket conversation as wsinspect keeps it, whatever it came from: a live socket
 * (direct or through the tap), a pcap, a HAR file or a paste. The inspector shows every
 * source through this one model, the importers produce it, and it is what sessions are saved,
 * exported and re-imported as (see session-json.ts). Pure data: no DOM, no Node.
 */
import type { Finding, HandshakeRequest, HandshakeResponse, MessageGapEffect, MessageType, Sender } from '../protocol/index.ts'

/** Who sent a message: the core's one Sender type. */
export type { Sender }

export type SessionSource = 'direct' | 'tap' | 'proxy' | 'pcap' | 'har' | 'paste' | 'json'

export interface SessionInfo {
  id: string
  name: string
  source: SessionSource
  /** The ws:// or wss:// URL, or '' when the source does not say. */
  url: string
  /** When the session started (ms since the epoch). */
  createdAt: number
  /**
   * True when `frames` holds the real wire frames (tap, proxy, pcap, paste); false when the
   * browser or the file only gave messages (direct, HAR), so frames must be reconstructed.
   */
  framesReal: boolean
  subprotocol: string | null
  /** The negotiated Sec-WebSocket-Extensions value, as the response gave it. */
  extensions: string | null
  handshake: { request: HandshakeRequest | null; response: HandshakeResponse | null } | null
  /** Network endpoints when known (pcap: "10.0.0.1:51234"). */
  endpoints: { client: string; server: string } | null
  /** Free-form notes from the source (e.g. "TLS: not decodable without keys"). */
  notes: string[]
}

export interface SessionMessage {
  /** Time (ms since the epoch, fractional) the message completed. */
  t: number
  sender: Sender
  type: MessageType
  /** Application data after unmasking and decompression. */
  data: Uint8Array
  compressed: boolean
  /** Payload bytes on the wire over all frames; null when the source does not know. */
  wireLength: number | null
  frameCount: number | null
  closeCode: number | null
  closeReason: string | null
  /** Set when bytes missing from a capture spoiled the message: 'cut' (partial data) or 'not-inflated' (compressed bytes). */
  gap?: MessageGapEffect
}

export interface SessionFrame {
  t: number
  sender: Sender
  /** Offset of the frame's first byte in its sender's byte stream. */
  offset: number
  /** The header bytes exactly as on the wire (2 to 14 bytes). */
  header: Uint8Array
  /** The payload as on the wire (still masked), possibly cut short for very large frames. */
  payload: Uint8Array
  /** Index in `messages` of the message this frame belongs to, when it completed one. */
  messageIndex: number | null
  /** Sent by wsinspect itself (tap control), not by either endpoint. */
  injected: boolean
}

export type SessionEventKind = 'connecting' | 'open' | 'error' | 'closing' | 'closed' | 'note'

/** State changes and events for the timeline (the HTML5 API's events and readyState). */
export interface SessionEvent {
  t: number
  kind: SessionEventKind
  /** WebSocket readyState after the event (0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED). */
  readyState: number | null
  detail: string
  closeCode: number | null
  wasClean: boolean | null
}

export interface SessionFinding {
  t: number
  sender: Sender
  finding: Finding
}

export interface Session {
  info: SessionInfo
  messages: SessionMessage[]
  frames: SessionFrame[]
  events: SessionEvent[]
  findings: SessionFinding[]
}

export function emptySession(info: Partial<SessionInfo> & Pick<SessionInfo, 'id' | 'source'>): Session {
  return {
    info: {
      name: info.url || info.id,
      url: '',
      createdAt: Date.now(),
      framesReal: false,
      subprotocol: null,
      extensions: null,
      handshake: null,
      endpoints: null,
      notes: [],
      ...info,
    },
    messages: [],
    frames: [],
    events: [],
    findings: [],
  }
}
