/** Opcodes of RFC 6455 §5.2 (and §11.8's registry), by their RFC names. */
export const Opcode = {
  CONTINUATION: 0x0,
  TEXT: 0x1,
  BINARY: 0x2,
  CLOSE: 0x8,
  PING: 0x9,
  PONG: 0xa,
} as const

export type OpcodeName = 'continuation' | 'text' | 'binary' | 'close' | 'ping' | 'pong'

const NAMES: Record<number, OpcodeName> = {
  0x0: 'continuation',
  0x1: 'text',
  0x2: 'binary',
  0x8: 'close',
  0x9: 'ping',
  0xa: 'pong',
}

/** Control frames have the high bit of the opcode set (§5.5). */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0
}

/** 0x3–0x7 and 0xB–0xF are reserved for further (non-)control frames (§5.2). */
export function isReservedOpcode(opcode: number): boolean {
  return NAMES[opcode] === undefined
}

export function opcodeName(opcode: number): OpcodeName | null {
  return NAMES[opcode] ?? null
}

/** A label for display: the RFC name, or which reserved range the value falls in. */
export function opcodeLabel(opcode: number): string {
  const name = NAMES[opcode]
  if (name) return name
  return isControlOpcode(opcode) ? 'reserved control' : 'reserved non-control'
}

export function opcodeMeaning(opcode: number): string {
  switch (opcode) {
    case 0x0:
      return 'continuation of a fragmented message'
    case 0x1:
      return 'first frame of a text message (UTF-8)'
    case 0x2:
      return 'first frame of a binary message'
    case 0x8:
      return 'close: starts or answers the closing handshake'
    case 0x9:
      return 'ping: the peer must answer with a pong carrying the same data'
    case 0xa:
      return 'pong: answers a ping, or an unsolicited heartbeat'
    default:
      return `reserved ${isControlOpcode(opcode) ? 'control' : 'non-control'} opcode: an endpoint must fail the connection unless an extension defines it`
  }
}
