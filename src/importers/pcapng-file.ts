/**
 * pcapng files (draft-ietf-opsawg-pcapng): a sequence of blocks, each `type, total length,
 * body, total length`. A Section Header Block sets the byte order of its section and resets
 * the interfaces; Interface Description Blocks give each interface its link type and
 * timestamp resolution; packets come in Enhanced, Simple or (obsolete) Packet Blocks. Blocks
 * of any other type are skipped, as the format requires of readers.
 */
import { newPacket, type ErrorSink, type PacketSink } from './captured-packet.ts'
import { countOf, formatCount, type ImportError } from './import-result.ts'
import { DataViewCache } from './data-view-cache.ts'
import { MAX_RECORD_LENGTH, RecordReader } from './record-splitter.ts'

export const PCAPNG_SECTION_HEADER = 0x0a0d0d0a
const BYTE_ORDER_MAGIC = 0x1a2b3c4d
const INTERFACE_DESCRIPTION = 0x00000001
const OBSOLETE_PACKET = 0x00000002
const SIMPLE_PACKET = 0x00000003
const ENHANCED_PACKET = 0x00000006

const OPTION_END = 0
const IF_TSRESOL = 9
const IF_TSOFFSET = 14
const BLOCK_HEADER_LENGTH = 12

interface Interface {
  linkType: number
  snapLength: number
  /** Milliseconds per timestamp unit (if_tsresol; default microseconds). */
  msPerUnit: number
  /** Units per millisecond when that is a whole number (10^-n resolutions with n ≥ 3), else 0. */
  unitsPerMs: bigint
  /** if_tsoffset, in ms. */
  offsetMs: number
}

export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a
}

const BLOCK_NAMES: Record<number, string> = {
  [PCAPNG_SECTION_HEADER]: 'section header block',
  [INTERFACE_DESCRIPTION]: 'interface description block',
  [OBSOLETE_PACKET]: 'packet block',
  [SIMPLE_PACKET]: 'simple packet block',
  [ENHANCED_PACKET]: 'enhanced packet block',
}

export class PcapngReader extends RecordReader {
  private readonly packet = newPacket()
  private readonly views = new DataViewCache()
  private littleEndian = true
  private interfaces: Interface[] = []
  private lastTime = 0
  private readonly skippedTypes = new Map<number, number>()
  private simplePacketsWithoutTime = 0

  constructor(
    private readonly sink: PacketSink,
    private readonly onError: ErrorSink,
  ) {
    super(onError)
  }

  protected override finished(): void {
    for (const [type, count] of this.skippedTypes) {
      this.warnings.push(`${countOf(count, 'pcapng block')} of type 0x${type.toString(16).padStart(8, '0')} skipped (not packet data)`)
    }
    if (this.simplePacketsWithoutTime) {
      this.warnings.push(`no timestamp in ${countOf(this.simplePacketsWithoutTime, 'simple packet block')}: each was given the time of the packet before it`)
    }
  }

  headerLength(): number {
    return BLOCK_HEADER_LENGTH
  }

  recordLength(bytes: Uint8Array, start: number, offset: number): number | ImportError {
    const view = this.views.get(bytes)
    const type = view.getUint32(start, this.littleEndian)
    if (type === PCAPNG_SECTION_HEADER) {
      // A new section may switch byte order: its own byte-order magic says which.
      const magic = view.getUint32(start + 8, true)
      if (magic === BYTE_ORDER_MAGIC) this.littleEndian = true
      else if (magic === 0x4d3c2b1a) this.littleEndian = false
      else return blockError(offset, type, `byte-order magic 0x${magic.toString(16).padStart(8, '0')} is neither 1a2b3c4d nor 4d3c2b1a`)
    }
    const length = view.getUint32(start + 4, this.littleEndian)
    if (length < BLOCK_HEADER_LENGTH) return blockError(offset, type, `block length ${length} is shorter than the 12-byte minimum`)
    if (length % 4 !== 0) return blockError(offset, type, `block length ${formatCount(length)} is not a multiple of 4`)
    if (length > MAX_RECORD_LENGTH)
      return blockError(offset, type, `block length ${formatCount(length)} is larger than any packet block (the file is corrupt from here)`)
    return length
  }

  describe(): string {
    return 'pcapng block'
  }

  protected onRecord(bytes: Uint8Array, start: number, end: number, offset: number): boolean {
    const view = this.views.get(bytes)
    const le = this.littleEndian
    const type = view.getUint32(start, le)
    const trailing = view.getUint32(end - 4, le)
    if (trailing !== end - start) {
      this.onError(
        `pcapng ${blockName(type)} at byte ${formatCount(offset)}: trailing block length ${formatCount(trailing)} does not match the leading ${formatCount(end - start)} (the file is corrupt from here)`,
        offset,
      )
      return false
    }
    switch (type) {
      case PCAPNG_SECTION_HEADER:
        this.interfaces = []
        return true
      case INTERFACE_DESCRIPTION:
        return this.readInterface(view, start, end, offset)
      case ENHANCED_PACKET:
        return this.readPacket(view, bytes, start, end, offset, view.getUint32(start + 8, le), 12)
      case OBSOLETE_PACKET:
        return this.readPacket(view, bytes, start, end, offset, view.getUint16(start + 8, le), 12)
      case SIMPLE_PACKET:
        return this.readSimplePacket(view, bytes, start, end, offset)
      default:
        this.skippedTypes.set(type, (this.skippedTypes.get(type) ?? 0) + 1)
        return true
    }
  }

  private readInterface(view: DataView, start: number, end: number, offset: number): boolean {
    const le = this.littleEndian
    if (end - start < 20) return this.fail(offset, INTERFACE_DESCRIPTION, `block length ${end - start} is shorter than the 20 bytes it needs`)
    const iface: Interface = {
      linkType: view.getUint16(start + 8, le),
      snapLength: view.getUint32(start + 12, le),
      msPerUnit: 1e-3,
      unitsPerMs: 1000n,
      offsetMs: 0,
    }
    for (let p = start + 16; p + 4 <= end - 4;) {
      const code = view.getUint16(p, le)
      const length = view.getUint16(p + 2, le)
      if (code === OPTION_END || p + 4 + length > end - 4) break
      if (code === IF_TSRESOL && length >= 1) {
        const resolution = view.getUint8(p + 4)
        iface.msPerUnit = msPerUnit(resolution)
        iface.unitsPerMs = resolution < 0x80 && resolution >= 3 ? 10n ** BigInt(resolution - 3) : 0n
      }
      if (code === IF_TSOFFSET && length >= 8) iface.offsetMs = Number(view.getBigInt64(p + 4, le)) * 1000
      p += 4 + ((length + 3) & ~3)
    }
    this.interfaces.push(iface)
    return true
  }

  /** Enhanced and obsolete Packet Blocks share the layout after the interface id. */
  private readPacket(view: DataView, bytes: Uint8Array, start: number, end: number, offset: number, interfaceId: number, at: number): boolean {
    const le = this.littleEndian
    const type = view.getUint32(start, le)
    if (end - start < 32) return this.fail(offset, type, `block length ${end - start} is shorter than the 32 bytes it needs`)
    const iface = this.interfaces[interfaceId]
    if (!iface) return this.fail(offset, type, `interface ${interfaceId} is not described by any interface description block before it`)
    const high = view.getUint32(start + at, le)
    const low = view.getUint32(start + at + 4, le)
    const captured = view.getUint32(start + at + 8, le)
    const dataStart = start + 28
    if (dataStart + captured > end - 4) {
      return this.fail(offset, type, `captured length ${formatCount(captured)} does not fit in the block's ${formatCount(end - start)} bytes`)
    }
    this.lastTime = timestampMs(high, low, iface)
    this.emit(bytes, dataStart, dataStart + captured, view.getUint32(start + at + 12, le), iface.linkType, offset)
    return true
  }

  private readSimplePacket(view: DataView, bytes: Uint8Array, start: number, end: number, offset: number): boolean {
    const iface = this.interfaces[0]
    if (!iface) return this.fail(offset, SIMPLE_PACKET, 'no interface description block comes before it')
    if (end - start < 16) return this.fail(offset, SIMPLE_PACKET, `block length ${end - start} is shorter than the 16 bytes it needs`)
    const original = view.getUint32(start + 8, this.littleEndian)
    // The captured length is implied: the original length, cut to the snapshot length and the block.
    let captured = Math.min(original, end - start - 16)
    if (iface.snapLength > 0) captured = Math.min(captured, iface.snapLength)
    this.simplePacketsWithoutTime++
    this.emit(bytes, start + 12, start + 12 + captured, original, iface.linkType, offset)
    return true
  }

  private emit(bytes: Uint8Array, start: number, end: number, original: number, linkType: number, offset: number): void {
    const p = this.packet
    p.bytes = bytes
    p.start = start
    p.end = end
    p.originalLength = original
    p.linkType = linkType
    p.time = this.lastTime
    p.offset = offset
    this.sink(p)
  }

  /** A block whose framing is sound but whose content is not: reported and skipped, reading goes on. */
  private fail(offset: number, type: number, detail: string): true {
    this.onError(`pcapng ${blockName(type)} at byte ${formatCount(offset)}: ${detail}; block skipped`, offset)
    return true
  }
}

/**
 * A 64-bit timestamp in ms. Past 2^53 units (nanoseconds since 1970 are) a double cannot
 * hold the count exactly, so whole milliseconds are split off in BigInt arithmetic first.
 */
function timestampMs(high: number, low: number, iface: Interface): number {
  if (high < 0x200000 || iface.unitsPerMs === 0n) return (high * 4294967296 + low) * iface.msPerUnit + iface.offsetMs
  const units = (BigInt(high) << 32n) | BigInt(low)
  return Number(units / iface.unitsPerMs) + Number(units % iface.unitsPerMs) * iface.msPerUnit + iface.offsetMs
}

/** if_tsresol: high bit clear = 10^-n seconds per unit, set = 2^-n. */
function msPerUnit(resolution: number): number {
  const n = resolution & 0x7f
  return resolution & 0x80 ? 1000 / 2 ** n : 10 ** (3 - n)
}

function blockName(type: number): string {
  return BLOCK_NAMES[type] ?? `block of type 0x${type.toString(16).padStart(8, '0')}`
}

function blockError(offset: number, type: number, detail: string): ImportError {
  return { message: `pcapng ${blockName(type)} at byte ${formatCount(offset)}: ${detail}`, offset }
}
