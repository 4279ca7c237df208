/**
 * The type a log row shows. The store keeps the five message types; a frame the tap injected
 * with a reserved opcode (0x3–0x7, 0xB–0xF) or a lone continuation is stored as binary data,
 * so its label comes from the opcode of its frame on the wire: "reserved 0x3", never "binary".
 */
import { isReservedOpcode } from '../../protocol/index.ts'
import type { ConnectionData } from '../connection/connection.ts'

export function messageTypeLabel(data: Pick<ConnectionData, 'messages' | 'frames'>, i: number): string {
  const type = data.messages.type(i)
  if (type !== 'binary') return type
  const link = data.messages.frames(i)
  if (!link) return type
  const opcode = data.frames.bytes(link.first)[0] & 0x0f
  if (isReservedOpcode(opcode)) return `reserved 0x${opcode.toString(16)}`
  return opcode === 0 ? 'continuation' : type
}

/** The CSS class of a type label: reserved opcodes share one. */
export function typeClass(label: string): string {
  return `type-${label.startsWith('reserved') ? 'reserved' : label}`
}
