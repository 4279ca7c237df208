/**
 * From a captured frame to the start of its IP packet, for the link types a WebSocket capture
 * comes in: Ethernet (what Linux's `lo` is too) with 802.1Q/802.1ad VLAN tags, Linux cooked
 * captures (`-i any`: SLL, and SLL2 since libpcap 1.10), BSD loopback/null, and raw IP.
 */
import { u16, u32, u32le, u8 } from './byte-fields.ts'
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  /** DLT_RAW as some systems number it in files (OpenBSD 14, others 12). */
  RAW_12: 12,
  RAW_14: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const

const ETHERTYPE_IPV4 = 0x0800
const ETHERTYPE_IPV6 = 0x86dd
const ETHERTYPE_VLAN = 0x8100
const ETHERTYPE_QINQ = 0x88a8
const ETHERTYPE_QINQ_OLD = 0x9100

/** Not an IP packet (ARP, an unknown address family…): skipped quietly. */
export const NOT_IP = -1
/** A link type this importer does not decode. */
export const UNSUPPORTED_LINK = -2

/**
 * Offset in `bytes` of the IP header of the frame `bytes[start..end)`, or NOT_IP /
 * UNSUPPORTED_LINK. The IP version is read from the IP header itself afterwards.
 */
export function ipStart(linkType: number, bytes: Uint8Array, start: number, end: number): number {
  switch (linkType) {
    case LinkType.ETHERNET:
      return ethernet(bytes, start, end)
    case LinkType.LINUX_SLL:
      // 16-byte header; the protocol type (an EtherType) is its last two bytes.
      return end - start >= 16 && isIpEtherType(u16(bytes, start + 14)) ? start + 16 : NOT_IP
    case LinkType.LINUX_SLL2:
      // 20-byte header; the protocol type comes first.
      return end - start >= 20 && isIpEtherType(u16(bytes, start)) ? start + 20 : NOT_IP
    case LinkType.NULL:
      return end - start >= 4 && isIpFamily(u32le(bytes, start), bytes, start) ? start + 4 : NOT_IP
    case LinkType.LOOP:
      return end - start >= 4 && isIpFamily(u32(bytes, start), bytes, start) ? start + 4 : NOT_IP
    case LinkType.RAW:
    case LinkType.RAW_12:
    case LinkType.RAW_14:
    case LinkType.IPV4:
    case LinkType.IPV6:
      return start
    default:
      return UNSUPPORTED_LINK
  }
}

export function linkTypeName(linkType: number): string {
  const names: Record<number, string> = {
    0: 'BSD loopback',
    1: 'Ethernet',
    101: 'raw IP',
    108: 'OpenBSD loopback',
    113: 'Linux cooked (SLL)',
    276: 'Linux cooked (SLL2)',
    228: 'raw IPv4',
    229: 'raw IPv6',
  }
  return names[linkType] ?? `link type ${linkType}`
}

function ethernet(bytes: Uint8Array, start: number, end: number): number {
  let p = start + 12
  if (end - p < 2) return NOT_IP
  let type = u16(bytes, p)
  // Skip VLAN tags (possibly stacked): each is the tag's TPID, 2 bytes of TCI, then the next type.
  while ((type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) && end - p >= 6) {
    p += 4
    type = u16(bytes, p)
  }
  return isIpEtherType(type) ? p + 2 : NOT_IP
}

function isIpEtherType(type: number): boolean {
  return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6
}

/**
 * BSD loopback carries the sender's AF_ value (host byte order for NULL, network for LOOP).
 * AF_INET is 2 everywhere; AF_INET6 differs by system (24 NetBSD/OpenBSD, 28 FreeBSD,
 * 30 macOS, 10 Linux), so the IP version nibble decides between them.
 */
function isIpFamily(family: number, bytes: Uint8Array, start: number): boolean {
  if (family === 2) return true
  if (family === 10 || family === 24 || family === 28 || family === 30) return u8(bytes, start + 4) >> 4 === 6
  // NULL written on the other byte order: the family sits in the high byte.
  const swapped = ((family >>> 24) | ((family >>> 8) & 0xff00)) >>> 0
  return swapped !== family && swapped !== 0 && isIpFamily(swapped, bytes, start)
}
