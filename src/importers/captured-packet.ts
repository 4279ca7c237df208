/**
 * The contract between the capture-file readers (pcap, pcapng) and the packet decoding
 * above them. One packet object is reused for every record: a 100 MB capture has hundreds
 * of thousands of packets, and the decoding above copies out what it keeps.
 */
export interface CapturedPacket {
  /** The chunk holding the record; the packet's bytes are bytes[start..end) (a view, not a copy). */
  bytes: Uint8Array
  start: number
  end: number
  /** Length on the wire: more than end - start when the snapshot length cut the packet. */
  originalLength: number
  /** LINKTYPE_* value of the packet's interface. */
  linkType: number
  /** Capture time (ms since the epoch, fractional). */
  time: number
  /** Offset of the packet's record in the file, for messages. */
  offset: number
}

export type PacketSink = (packet: CapturedPacket) => void

/** A problem that stops reading the file; what came before it is kept. */
export type ErrorSink = (message: string, offset: number) => void

/** Incremental reader of one capture-file format. */
export interface CaptureReader {
  /** Feeds the next bytes of the file; chunks may split records anywhere. */
  push(chunk: Uint8Array): void
  /** Signals the end of the file (a record cut short is then reported). */
  finish(): void
  /** Bytes of the file consumed so far. */
  readonly offset: number
  /** Remarks about the file that lose no packet data (unknown blocks skipped…). */
  readonly warnings: string[]
}

export function newPacket(): CapturedPacket {
  return { bytes: new Uint8Array(0), start: 0, end: 0, originalLength: 0, linkType: 0, time: 0, offset: 0 }
}
