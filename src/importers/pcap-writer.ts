/**
 * Writes classic pcap files (pcap-savefile(5)) in either byte order, with micro- or
 * nanosecond timestamps. Used by the tests and the benchmark to make captures whose content
 * is known exactly.
 */
import { concatBytes } from '../protocol/index.ts'
import { PCAP_MAGIC_MICROSECONDS, PCAP_MAGIC_NANOSECONDS } from './pcap-file.ts'

export interface PcapWriterOptions {
  linkType: number
  littleEndian?: boolean
  nanoseconds?: boolean
  snapLength?: number
}

export class PcapWriter {
  private readonly pieces: Uint8Array[] = []
  private length = 0
  private readonly littleEndian: boolean

  constructor(private readonly options: PcapWriterOptions) {
    this.littleEndian = options.littleEndian ?? true
    const header = new Uint8Array(24)
    const view = new DataView(header.buffer)
    view.setUint32(0, options.nanoseconds ? PCAP_MAGIC_NANOSECONDS : PCAP_MAGIC_MICROSECONDS, this.littleEndian)
    view.setUint16(4, 2, this.littleEndian)
    view.setUint16(6, 4, this.littleEndian)
    view.setUint32(16, options.snapLength ?? 262144, this.littleEndian)
    view.setUint32(20, options.linkType, this.littleEndian)
    this.add(header)
  }

  /** A packet captured at `time` (ms since the epoch); `originalLength` when it was cut short. */
  packet(time: number, data: Uint8Array, originalLength = data.length): void {
    const record = new Uint8Array(16)
    const view = new DataView(record.buffer)
    const seconds = Math.floor(time / 1000)
    const fraction = Math.round((time - seconds * 1000) * (this.options.nanoseconds ? 1e6 : 1e3))
    view.setUint32(0, seconds, this.littleEndian)
    view.setUint32(4, fraction, this.littleEndian)
    view.setUint32(8, data.length, this.littleEndian)
    view.setUint32(12, originalLength, this.littleEndian)
    this.add(record)
    this.add(data)
  }

  toBytes(): Uint8Array {
    return concatBytes(this.pieces, this.length)
  }

  private add(piece: Uint8Array): void {
    this.pieces.push(piece)
    this.length += piece.length
  }
}
