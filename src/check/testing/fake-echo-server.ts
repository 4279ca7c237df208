import { computeAccept, encodeFrame, isValidKey, isValidUtf8, isValidWireCloseCode } from '../../protocol/index.ts'

/** One rule a fake server breaks, to test that the checker catches exactly that. */
export type Fault = 'no-pong' | 'no-utf8-check' | 'ignore-rsv' | 'ignore-opcodes' | 'bad-close' | 'bad-handshake' | 'bad-deflate' | 'stop-echo'

export interface ServerOutput {
  bytes: Uint8Array[]
  /** The server closes the TCP connection after writing `bytes`. */
  closeTcp: boolean
}

const enc = new TextEncoder()

/**
 * A small echo server as a pure state machine (bytes in, bytes out), written apart from the
 * checker's own code so that it can break one rule at a time. Conforming unless told
 * otherwise; no permessage-deflate.
 */
export class FakeEchoServer {
  private head = ''
  private open = false
  private closed = false
  private buffer = new Uint8Array(0)
  private message: { opcode: number; parts: Uint8Array[] } | null = null

  /** `echoes` counts echoes over every connection of one listener ('stop-echo' stops after `stopEchoAfter`). */
  constructor(
    private readonly faults: ReadonlySet<Fault> = new Set(),
    private readonly echoes = { count: 0 },
    private readonly stopEchoAfter = 3,
  ) {}

  receive(chunk: Uint8Array): ServerOutput {
    const out: ServerOutput = { bytes: [], closeTcp: false }
    if (this.closed) return out
    if (!this.open) {
      this.head += new TextDecoder('latin1').decode(chunk)
      const end = this.head.indexOf('\r\n\r\n')
      if (end < 0) return out
      const rest = enc.encode(this.head.slice(end + 4))
      this.handshake(this.head.slice(0, end), out)
      if (!this.open || out.closeTcp) return out
      chunk = rest
    }
    const joined = new Uint8Array(this.buffer.length + chunk.length)
    joined.set(this.buffer)
    joined.set(chunk, this.buffer.length)
    let at = 0
    while (!this.closed) {
      const frame = readFrame(joined, at)
      if (!frame) break
      at = frame.end
      this.onFrame(frame, out)
    }
    this.buffer = joined.slice(at)
    return out
  }

  private handshake(head: string, out: ServerOutput): void {
    const fields = new Map<string, string>()
    for (const line of head.split('\r\n').slice(1)) {
      const colon = line.indexOf(':')
      if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
    }
    const key = fields.get('sec-websocket-key') ?? ''
    const lax = this.faults.has('bad-handshake')
    const refuse = (status: string, extra = '') => {
      out.bytes.push(enc.encode(`HTTP/1.1 ${status}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`))
      out.closeTcp = true
      this.closed = true
    }
    if (!lax && fields.get('sec-websocket-version') !== '13') return refuse('426 Upgrade Required', 'Sec-WebSocket-Version: 13\r\n')
    if (!lax && !isValidKey(key)) return refuse('400 Bad Request')
    const accept = lax ? 'dGhlIHNhbXBsZSBub25jZQ==' : computeAccept(key)
    const offer = fields.get('sec-websocket-extensions') ?? ''
    const deflate =
      this.faults.has('bad-deflate') && /permessage-deflate/.test(offer) ? 'Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7\r\n' : ''
    out.bytes.push(
      enc.encode(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${deflate}Server: fake-echo\r\n\r\n`,
      ),
    )
    this.open = true
  }

  private onFrame(frame: RawFrame, out: ServerOutput): void {
    const fail = (code: number) => this.close(out, code, true)
    if (frame.rsv && !this.faults.has('ignore-rsv')) return fail(1002)
    const known = [0, 1, 2, 8, 9, 10].includes(frame.opcode)
    if (!known) return this.faults.has('ignore-opcodes') ? undefined : fail(1002)
    if (frame.opcode >= 8) {
      if (!frame.fin || frame.payload.length > 125) return fail(1002)
      if (frame.opcode === 9 && !this.faults.has('no-pong')) out.bytes.push(encodeFrame({ opcode: 10, payload: frame.payload }))
      if (frame.opcode === 8) this.onClose(frame.payload, out)
      return
    }
    if (frame.opcode === 0 && !this.message) return fail(1002)
    if (frame.opcode !== 0 && this.message) return fail(1002)
    this.message ??= { opcode: frame.opcode, parts: [] }
    this.message.parts.push(frame.payload)
    if (!frame.fin) return
    const { opcode, parts } = this.message
    this.message = null
    const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let p = 0
    for (const part of parts) {
      data.set(part, p)
      p += part.length
    }
    if (opcode === 1 && !isValidUtf8(data) && !this.faults.has('no-utf8-check')) return fail(1007)
    if (this.faults.has('stop-echo') && this.echoes.count >= this.stopEchoAfter) return
    this.echoes.count++
    out.bytes.push(encodeFrame({ opcode, payload: data }))
  }

  private onClose(body: Uint8Array, out: ServerOutput): void {
    if (this.faults.has('bad-close')) return this.close(out, 1000, false)
    if (body.length === 1) return this.close(out, 1002, false)
    if (body.length >= 2) {
      const code = (body[0] << 8) | body[1]
      if (!isValidWireCloseCode(code)) return this.close(out, 1002, false)
      if (!isValidUtf8(body.subarray(2))) return this.close(out, 1007, false)
      return this.close(out, code, false)
    }
    this.close(out, null, false)
  }

  private close(out: ServerOutput, code: number | null, _failing: boolean): void {
    const payload = code === null ? new Uint8Array(0) : new Uint8Array([code >> 8, code & 0xff])
    out.bytes.push(encodeFrame({ opcode: 8, payload }))
    out.closeTcp = true
    this.closed = true
  }
}

interface RawFrame {
  fin: boolean
  rsv: number
  opcode: number
  payload: Uint8Array
  end: number
}

/** Reads one frame with no checks at all (the server decides what to refuse). */
function readFrame(bytes: Uint8Array, at: number): RawFrame | null {
  if (bytes.length - at < 2) return null
  const b0 = bytes[at]
  const b1 = bytes[at + 1]
  let length = b1 & 0x7f
  let p = at + 2
  if (length === 126) {
    if (bytes.length - p < 2) return null
    length = (bytes[p] << 8) | bytes[p + 1]
    p += 2
  } else if (length === 127) {
    if (bytes.length - p < 8) return null
    length = new DataView(bytes.buffer, bytes.byteOffset + p, 8).getUint32(0) * 2 ** 32 + new DataView(bytes.buffer, bytes.byteOffset + p, 8).getUint32(4)
    p += 8
  }
  const masked = (b1 & 0x80) !== 0
  if (bytes.length - p < (masked ? 4 : 0) + length) return null
  const key = masked ? bytes.subarray(p, p + 4) : null
  if (masked) p += 4
  const payload = bytes.slice(p, p + length)
  if (key) for (let i = 0; i < payload.length; i++) payload[i] ^= key[i & 3]
  return { fin: (b0 & 0x80) !== 0, rsv: (b0 >> 4) & 7, opcode: b0 & 0x0f, payload, end: p + length }
}
