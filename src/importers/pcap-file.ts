/**
 * Classic libpcap files: a 24-byte file header, then 16-byte record headers each followed by
 * a packet. The magic number tells the byte order of every field and whether the second
 * timestamp field counts microseconds or nanoseconds.
 */
import { newPacket, type ErrorSink, type PacketSink } from './captured-packet.ts'
import { formatCount, type ImportError } from './import-result.ts'
import { DataViewCache } from './data-view-cache.ts'
import { MAX_RECORD_LENGTH, RecordReader } from './record-splitter.ts'
import { u32, u32le } from './byte-fields.ts'

export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d

const FILE_HEADER_LENGTH = 24
const RECORD_HEADER_LENGTH = 16

/** The pcap magic in either byte order, or null: also used to sniff the format. */
export function pcapMagic(bytes: Uint8Array): { littleEndian: boolean; nanoseconds: boolean } | null {
  if (bytes.length < 4) return null
  const big = u32(bytes, 0)
  const little = u32le(bytes, 0)
  for (const [value, littleEndian] of [
    [big, false],
    [little, true],
  ] as const) {
    if (value === PCAP_MAGIC_MICROSECONDS) return { littleEndian, nanoseconds: false }
    if (value === PCAP_MAGIC_NANOSECONDS) return { littleEndian, nanoseconds: true }
  }
  return null
}

export class PcapReader extends RecordReader {
  private readonly packet = newPacket()
  private headerRead = false
  private littleEndian = true
  private subsecondsPerMs = 1000
  private linkType = 0
  private readonly views = new DataViewCache()

  constructor(
    private readonly sink: PacketSink,
    onError: ErrorSink,
  ) {
    super(onError)
  }

  headerLength(): number {
    return this.headerRead ? RECORD_HEADER_LENGTH : FILE_HEADER_LENGTH
  }

  recordLength(bytes: Uint8Array, start: number, offset: number): number | ImportError {
    if (!this.headerRead) return FILE_HEADER_LENGTH
    const captured = this.views.get(bytes).getUint32(start + 8, this.littleEndian)
    if (captured > MAX_RECORD_LENGTH) {
      return {
        message: `packet record at byte ${formatCount(offset)} declares ${formatCount(captured)} captured bytes, more than any packet (the file is corrupt from here)`,
        offset,
      }
    }
    return RECORD_HEADER_LENGTH + captured
  }

  describe(): string {
    return this.headerRead ? 'packet record' : 'pcap file header'
  }

  protected onRecord(bytes: Uint8Array, start: number, end: number, offset: number): boolean {
    if (!this.headerRead) return this.readFileHeader(bytes, start)
    const view = this.views.get(bytes)
    const le = this.littleEndian
    const seconds = view.getUint32(start, le)
    const fraction = view.getUint32(start + 4, le)
    const p = this.packet
    p.bytes = bytes
    p.start = start + RECORD_HEADER_LENGTH
    p.end = end
    p.originalLength = view.getUint32(start + 12, le)
    p.linkType = this.linkType
    p.time = seconds * 1000 + fraction / this.subsecondsPerMs
    p.offset = offset
    this.sink(p)
    return true
  }

  private readFileHeader(bytes: Uint8Array, start: number): boolean {
    // The importer sniffs the magic before choosing this reader, so it is one of the four.
    const magic = pcapMagic(bytes.subarray(start, start + 4))!
    this.littleEndian = magic.littleEndian
    this.subsecondsPerMs = magic.nanoseconds ? 1e6 : 1e3
    // The upper bits of the link-type field carry FCS information (pcap-savefile(5)).
    this.linkType = this.views.get(bytes).getUint32(start + 20, this.littleEndian) & 0xffff
    this.headerRead = true
    return true
  }
}
