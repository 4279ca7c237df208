/**
 * IPv4 and IPv6 headers, as far as finding the TCP segment needs: addresses, the payload's
 * bounds (the IP length, not the frame's, since Ethernet pads short frames) and fragments,
 * which this importer does not reassemble (TCP stacks avoid them with path MTU discovery).
 */
import { u16, u8 } from './byte-fields.ts'
export interface IpPacket {
  version: 4 | 6
  /** Upper-layer protocol (6 = TCP) after any IPv6 extension headers. */
  protocol: number
  /** Addresses as text ("10.0.0.1", "::1"). */
  source: string
  destination: string
  payloadStart: number
  payloadEnd: number
}

export const IP_OK = 0
export const IP_FRAGMENT = 1
export const IP_TRUNCATED = 2
export const IP_BAD = 3
export type IpStatus = typeof IP_OK | typeof IP_FRAGMENT | typeof IP_TRUNCATED | typeof IP_BAD

export const PROTOCOL_TCP = 6
const HOP_BY_HOP = 0
const ROUTING = 43
const FRAGMENT = 44
const AUTHENTICATION = 51
const DESTINATION_OPTIONS = 60
const MOBILITY = 135
const HIP = 139
const SHIM6 = 140

export function newIpPacket(): IpPacket {
  return { version: 4, protocol: 0, source: '', destination: '', payloadStart: 0, payloadEnd: 0 }
}

/** Reads the IP header at bytes[start] into `out` (reused across packets). */
export function parseIp(bytes: Uint8Array, start: number, end: number, out: IpPacket): IpStatus {
  if (end - start < 1) return IP_TRUNCATED
  const version = u8(bytes, start) >> 4
  if (version === 4) return parseIpv4(bytes, start, end, out)
  if (version === 6) return parseIpv6(bytes, start, end, out)
  return IP_BAD
}

function parseIpv4(bytes: Uint8Array, start: number, end: number, out: IpPacket): IpStatus {
  if (end - start < 20) return IP_TRUNCATED
  const headerLength = (u8(bytes, start) & 0x0f) * 4
  const totalLength = u16(bytes, start + 2)
  if (headerLength < 20 || totalLength < headerLength) return IP_BAD
  if (end - start < headerLength) return IP_TRUNCATED
  out.version = 4
  out.protocol = u8(bytes, start + 9)
  out.source = ipv4Text(bytes, start + 12)
  out.destination = ipv4Text(bytes, start + 16)
  out.payloadStart = start + headerLength
  // TCP segmentation offload captures show total length 0: trust the captured bytes then.
  out.payloadEnd = totalLength === 0 ? end : Math.min(end, start + totalLength)
  const flagsAndOffset = u16(bytes, start + 6)
  const moreFragments = (flagsAndOffset & 0x2000) !== 0
  if (moreFragments || (flagsAndOffset & 0x1fff) !== 0) return IP_FRAGMENT
  return IP_OK
}

function parseIpv6(bytes: Uint8Array, start: number, end: number, out: IpPacket): IpStatus {
  if (end - start < 40) return IP_TRUNCATED
  const payloadLength = u16(bytes, start + 4)
  out.version = 6
  out.source = ipv6Text(bytes, start + 8)
  out.destination = ipv6Text(bytes, start + 24)
  // Payload length 0 means a jumbogram (or offload): the captured bytes bound it.
  out.payloadEnd = payloadLength === 0 ? end : Math.min(end, start + 40 + payloadLength)
  let next = u8(bytes, start + 6)
  let p = start + 40
  for (;;) {
    if (next === FRAGMENT) return IP_FRAGMENT
    if (
      next !== HOP_BY_HOP &&
      next !== ROUTING &&
      next !== DESTINATION_OPTIONS &&
      next !== AUTHENTICATION &&
      next !== MOBILITY &&
      next !== HIP &&
      next !== SHIM6
    )
      break
    if (out.payloadEnd - p < 8) return IP_TRUNCATED
    // AH counts its length in 4-byte units minus 2; the others in 8-byte units minus 1.
    const length = next === AUTHENTICATION ? (u8(bytes, p + 1) + 2) * 4 : (u8(bytes, p + 1) + 1) * 8
    next = u8(bytes, p)
    p += length
  }
  if (p > out.payloadEnd) return IP_TRUNCATED
  out.protocol = next
  out.payloadStart = p
  return IP_OK
}

function ipv4Text(bytes: Uint8Array, p: number): string {
  return `${u8(bytes, p)}.${u8(bytes, p + 1)}.${u8(bytes, p + 2)}.${u8(bytes, p + 3)}`
}

/** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as "::". */
export function ipv6Text(bytes: Uint8Array, p: number): string {
  const groups: number[] = []
  for (let i = 0; i < 8; i++) groups.push(u16(bytes, p + 2 * i))
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':')
  if (bestStart < 0) return hex(0, 8)
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`
}

/** "10.0.0.1:80", "[::1]:80". */
export function endpointText(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}
