import { u16, u32, u8 } from './byte-fields.ts'

/** The TCP header fields reassembly needs (RFC 9293 §3.1). */
export interface TcpSegment {
  sourcePort: number
  destinationPort: number
  /** Sequence number of the first payload byte (of the SYN, for a SYN). */
  seq: number
  syn: boolean
  ack: boolean
  fin: boolean
  rst: boolean
  payloadStart: number
  payloadEnd: number
}

export function newTcpSegment(): TcpSegment {
  return { sourcePort: 0, destinationPort: 0, seq: 0, syn: false, ack: false, fin: false, rst: false, payloadStart: 0, payloadEnd: 0 }
}

/** Reads the TCP header at bytes[start] into `out`; false when the header is cut short or invalid. */
export function parseTcp(bytes: Uint8Array, start: number, end: number, out: TcpSegment): boolean {
  if (end - start < 20) return false
  const headerLength = (u8(bytes, start + 12) >> 4) * 4
  if (headerLength < 20 || end - start < headerLength) return false
  const flags = u8(bytes, start + 13)
  out.sourcePort = u16(bytes, start)
  out.destinationPort = u16(bytes, start + 2)
  out.seq = u32(bytes, start + 4)
  out.fin = (flags & 0x01) !== 0
  out.syn = (flags & 0x02) !== 0
  out.rst = (flags & 0x04) !== 0
  out.ack = (flags & 0x10) !== 0
  out.payloadStart = start + headerLength
  out.payloadEnd = end
  return true
}
