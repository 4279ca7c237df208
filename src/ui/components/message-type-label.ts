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

/**
 * How a close reads at a glance: an error only when its code says something went wrong. A
 * normal close (1000, 1001, 1005 no code) and application codes (3000–4999, e.g. the 4001 a
 * user closed with) are not errors; 1012/1013 (restart, try later) are worth a look.
 */
export function closeTone(code: number | null): 'normal' | 'warn' | 'error' {
  if (code === null || code === 1000 || code === 1001 || code === 1005 || (code >= 3000 && code <= 4999)) return 'normal'
  return code === 1012 || code === 1013 ? 'warn' : 'error'
}
