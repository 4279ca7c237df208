/**
 * The parts of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) a WebSocket entry
 * uses, with Chrome DevTools' WebSocket extension: `_resourceType: "websocket"` and
 * `_webSocketMessages`, one item per message as DevTools' Network.webSocketFrame* events
 * report them — `type` "send" (client to server), "receive" or "error", `time` in seconds
 * since the epoch, `opcode`, and `data`: the text for opcode 1, base64 for every other opcode
 * (the CDP WebSocketFrame.payloadData rule; -1 with the message text for errors). Firefox
 * exports WebSocket entries without messages.
 */
export interface HarNameValue {
  name: string
  value: string
}

export interface HarWebSocketMessage {
  type: 'send' | 'receive' | 'error'
  time: number
  opcode: number
  data: string
}

export interface HarEntry {
  startedDateTime: string
  time: number
  /** HAR 1.2's free-text remark: what the export could not say in the entry's fields. */
  comment?: string
  request: {
    method: string
    url: string
    httpVersion: string
    cookies: HarNameValue[]
    headers: HarNameValue[]
    queryString: HarNameValue[]
    headersSize: number
    bodySize: number
  }
  response: {
    status: number
    statusText: string
    httpVersion: string
    cookies: HarNameValue[]
    headers: HarNameValue[]
    content: { size: number; mimeType: string }
    redirectURL: string
    headersSize: number
    bodySize: number
  }
  cache: Record<string, never>
  timings: { blocked: number; dns: number; connect: number; send: number; wait: number; receive: number; ssl: number }
  serverIPAddress?: string
  _resourceType: 'websocket'
  _webSocketMessages: HarWebSocketMessage[]
}

export interface HarLog {
  log: {
    version: '1.2'
    creator: { name: string; version: string }
    entries: HarEntry[]
  }
}

export const OPCODES = { text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const
