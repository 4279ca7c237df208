/**
 * Test support: a WebSocket connection written as a capture, from a script of messages,
 * with the handshake and frames the core's encoder produces. Segments are returned as specs
 * too, so a test can reorder, repeat or overlap them before writing the file.
 */
import { computeAccept, MessageEncoder, negotiatedDeflate, utf8Encode } from '../../protocol/index.ts'
import { linkFrame, tcpPacket, TcpConversation, type TcpPacketSpec } from '../packet-builder.ts'
import { PcapWriter, type PcapWriterOptions } from '../pcap-writer.ts'
import { LinkType } from '../link-layer.ts'

export type ScriptStep =
  | { sender: 'client' | 'server'; text: string; fragmentSize?: number }
  | { sender: 'client' | 'server'; binary: Uint8Array; fragmentSize?: number }
  | { sender: 'client' | 'server'; ping: string }
  | { sender: 'client' | 'server'; pong: string }
  | { sender: 'client' | 'server'; close: number; reason?: string }

export interface CaptureScript {
  steps: ScriptStep[]
  /** The Sec-WebSocket-Extensions response value (e.g. "permessage-deflate"). */
  extensions?: string
  client?: { address: string; port: number }
  server?: { address: string; port: number }
  mss?: number
  clientIsn?: number
  serverIsn?: number
  path?: string
  /**
   * What the two sides send before the frames, in order: by default the upgrade request and
   * its 101 (`upgradeRequest` and `upgradeResponse`). Set it for HTTP exchanges on a keep-alive
   * connection, pipelined requests or refusals. Strings are latin1: one byte per character.
   */
  opening?: OpeningStep[]
}

export interface OpeningStep {
  sender: 'client' | 'server'
  bytes: string
}

export interface ScriptedSegment {
  spec: TcpPacketSpec
  time: number
}

const KEY = 'dGhlIHNhbXBsZSBub25jZQ=='
const DEFAULT_SERVER = { address: '10.0.0.2', port: 8080 }

/** The connection's segments with capture times 1 ms apart from 2024-01-01T00:00:00Z. */
export function scriptSegments(script: CaptureScript): ScriptedSegment[] {
  const client = script.client ?? { address: '10.0.0.1', port: 50000 }
  const server = script.server ?? DEFAULT_SERVER
  const conversation = new TcpConversation(client, server, { mss: script.mss, clientIsn: script.clientIsn, serverIsn: script.serverIsn })
  const deflate = negotiatedDeflate(script.extensions).params
  const encoders = {
    client: new MessageEncoder({ sender: 'client', deflate, random: fixedRandom() }),
    server: new MessageEncoder({ sender: 'server', deflate, random: fixedRandom() }),
  }
  const opening: OpeningStep[] = script.opening ?? [
    { sender: 'client', bytes: upgradeRequest(script) },
    { sender: 'server', bytes: upgradeResponse(script) },
  ]
  const specs: TcpPacketSpec[] = conversation.handshake()
  for (const step of opening)
    specs.push(
      ...conversation.send(
        step.sender,
        Uint8Array.from(step.bytes, (c) => c.charCodeAt(0)),
      ),
    )
  for (const step of script.steps) {
    const encoder = encoders[step.sender]
    let bytes: Uint8Array
    if ('text' in step) bytes = encoder.text(step.text, { fragmentSize: step.fragmentSize })
    else if ('binary' in step) bytes = encoder.binary(step.binary, { fragmentSize: step.fragmentSize })
    else if ('ping' in step) bytes = encoder.ping(utf8Encode(step.ping))
    else if ('pong' in step) bytes = encoder.pong(utf8Encode(step.pong))
    else bytes = encoder.close(step.close, step.reason ?? '')
    specs.push(...conversation.send(step.sender, bytes))
  }
  specs.push(conversation.fin('client'), conversation.fin('server'))
  return specs.map((spec, i) => ({ spec, time: START + i }))
}

export const START = Date.UTC(2024, 0, 1)

/** The script's opening handshake request; `fields` are added before its blank line. */
export function upgradeRequest(script: CaptureScript, fields = ''): string {
  const server = script.server ?? DEFAULT_SERVER
  const host = server.address.includes(':') ? `[${server.address}]:${server.port}` : `${server.address}:${server.port}`
  return (
    `GET ${script.path ?? '/chat'} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n` +
    (script.extensions ? 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n' : '') +
    `${fields}\r\n`
  )
}

/** The server's 101 that accepts it. */
export function upgradeResponse(script: CaptureScript): string {
  return (
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAccept(KEY)}\r\n` +
    (script.extensions ? `Sec-WebSocket-Extensions: ${script.extensions}\r\n` : '') +
    '\r\n'
  )
}

/** Writes segments as a classic pcap (Ethernet unless told otherwise). */
export function writeCapture(segments: ScriptedSegment[], options: Partial<PcapWriterOptions> = {}): Uint8Array {
  const linkType = options.linkType ?? LinkType.ETHERNET
  const writer = new PcapWriter({ ...options, linkType })
  for (const { spec, time } of segments) writer.packet(time, linkFrame(linkType, tcpPacket(spec)))
  return writer.toBytes()
}

/** Masking keys 0x01020304, 0x05060708…: captures are byte-for-byte reproducible. */
function fixedRandom() {
  let n = 1
  return (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = n++ & 0xff
  }
}
