/**
 * Direct mode: the browser never shows frames, so a message is laid out the way RFC 6455
 * frames it — one unfragmented, uncompressed frame, masked with a fresh random key when the
 * client sent it — using the core's encoder. A payload kept only in part keeps its full
 * length in the header (annotateFrame then says how much of it is present).
 */
import { MessageEncoder, Opcode, type MessageType, type RandomSource } from '../../protocol/index.ts'

const OPCODES: Record<MessageType, number> = { text: Opcode.TEXT, binary: Opcode.BINARY, ping: Opcode.PING, pong: Opcode.PONG, close: Opcode.CLOSE }

export interface ReconstructInput {
  sender: 'client' | 'server'
  type: MessageType
  data: Uint8Array
  size: number
}

export function reconstructFrame(m: ReconstructInput, random?: RandomSource): Uint8Array {
  const encoder = new MessageEncoder({ sender: m.sender, random })
  return encoder.frame({ opcode: OPCODES[m.type], payload: m.data, declaredLength: m.size !== m.data.length ? m.size : undefined })
}
