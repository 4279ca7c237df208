/**
 * pcap and pcapng captures → sessions. Packets go from the file reader through the link
 * layer, IP and TCP to one `TcpConnection` per 4-tuple; each connection that carries a
 * WebSocket upgrade becomes a Session with its real frames, and every other connection is
 * summarised. The file can be pushed in chunks (as a worker reads a File) or whole.
 */
import { concatBytes, toHex } from '../protocol/index.ts'
import type { CaptureReader, CapturedPacket } from './captured-packet.ts'
import { countOf, emptyResult, formatCount, ProgressReporter, type ImportOptions, type ImportResult } from './import-result.ts'
import type { Importer } from './importer.ts'
import { IP_FRAGMENT, IP_OK, newIpPacket, parseIp, PROTOCOL_TCP, endpointText } from './ip.ts'
import { ipStart, linkTypeName, NOT_IP, UNSUPPORTED_LINK } from './link-layer.ts'
import { pcapMagic, PcapReader } from './pcap-file.ts'
import { isPcapng, PcapngReader } from './pcapng-file.ts'
import { TcpConnection } from './tcp-connection.ts'
import { newTcpSegment, parseTcp } from './tcp-header.ts'

/** Past this many, errors are counted rather than listed (a badly corrupt file repeats itself). */
const MAX_ERRORS = 100

/** The range of a JavaScript Date (±100,000,000 days from 1970): a time beyond it cannot be shown or exported. */
const MAX_TIME_MS = 8.64e15

export interface CaptureImportOptions extends ImportOptions {
  /** The file's size, for progress when it is pushed in chunks. */
  totalBytes?: number
}

/** Counts of packets skipped for one reason, with the first one's file offset. */
class SkipCounter {
  count = 0
  firstOffset = 0

  add(offset: number): void {
    if (this.count++ === 0) this.firstOffset = offset
  }
}

export class CaptureImporter {
  private readonly result = emptyResult('unknown')
  private readonly progress: ProgressReporter
  private reader: CaptureReader | null = null
  /** First bytes, kept until there are enough to tell pcap from pcapng. */
  private head = new Uint8Array(0)
  private readonly table = new Map<string, { connection: TcpConnection; index: 0 | 1 }>()
  private readonly connections: TcpConnection[] = []
  private readonly ip = newIpPacket()
  private readonly tcp = newTcpSegment()
  private readonly skipped = {
    fragments: new SkipCounter(),
    malformed: new SkipCounter(),
    nonIp: new SkipCounter(),
    nonTcp: new SkipCounter(),
    snapped: new SkipCounter(),
    outOfRangeTime: new SkipCounter(),
  }
  /** The last packet time within the range of dates, given to packets whose own is beyond it. */
  private lastTime = 0
  private readonly unsupportedLinks = new Map<number, SkipCounter>()
  private droppedErrors = 0

  constructor(private readonly options: CaptureImportOptions = {}) {
    this.progress = new ProgressReporter(options.onProgress, options.totalBytes ?? 0)
  }

  push(chunk: Uint8Array): void {
    this.guard(() => {
      if (!this.reader) {
        chunk = this.sniff(chunk)
        if (!this.reader) return
      }
      this.reader.push(chunk)
    })
  }

  finish(): ImportResult {
    this.guard(() => {
      if (!this.reader) {
        if (this.result.errors.length === 0) this.error(`the file is too short to be a capture: ${this.head.length} bytes`, 0)
        return
      }
      this.reader.finish()
    })
    this.guard(() => this.settle())
    this.progress.finish()
    return this.result
  }

  /** Never throw on bad input: an unexpected failure becomes an error, and what was read is kept. */
  private guard(work: () => void): void {
    try {
      work()
    } catch (e) {
      this.error(
        `internal error while reading the capture at byte ${formatCount(this.reader?.offset ?? 0)}: ${e instanceof Error ? e.message : String(e)}`,
        this.reader?.offset ?? 0,
      )
    }
  }

  private sniff(chunk: Uint8Array): Uint8Array {
    const first = this.head.length ? concatBytes([this.head, chunk]) : chunk
    if (first.length < 4) {
      this.head = first.slice()
      return chunk
    }
    const onError = (message: string, offset: number) => this.error(message, offset)
    if (pcapMagic(first)) {
      this.result.format = 'pcap'
      this.reader = new PcapReader(this.onPacket, onError)
    } else if (isPcapng(first)) {
      this.result.format = 'pcapng'
      this.reader = new PcapngReader(this.onPacket, onError)
    } else {
      const hex = toHex(first.subarray(0, 4), ' ')
      this.error(`not a pcap or pcapng file: it starts with ${hex}`, 0)
    }
    return first
  }

  private error(message: string, offset: number): void {
    if (this.result.errors.length < MAX_ERRORS) this.result.errors.push({ message, offset })
    else this.droppedErrors++
  }

  private readonly onPacket = (packet: CapturedPacket): void => {
    this.progress.update(packet.offset)
    const { bytes, end, offset } = packet
    const time = this.timeOf(packet)
    const at = ipStart(packet.linkType, bytes, packet.start, end)
    if (at === UNSUPPORTED_LINK) {
      let counter = this.unsupportedLinks.get(packet.linkType)
      if (!counter) this.unsupportedLinks.set(packet.linkType, (counter = new SkipCounter()))
      return counter.add(offset)
    }
    if (at === NOT_IP) return this.skipped.nonIp.add(offset)
    const ip = this.ip
    const status = parseIp(bytes, at, end, ip)
    if (status === IP_FRAGMENT) return this.skipped.fragments.add(offset)
    if (status !== IP_OK) return this.skipped.malformed.add(offset)
    if (ip.protocol !== PROTOCOL_TCP) return this.skipped.nonTcp.add(offset)
    const tcp = this.tcp
    if (!parseTcp(bytes, ip.payloadStart, ip.payloadEnd, tcp)) return this.skipped.malformed.add(offset)
    if (packet.originalLength > end - packet.start) this.skipped.snapped.add(offset)

    const key = `${ip.source}|${tcp.sourcePort}|${ip.destination}|${tcp.destinationPort}`
    let entry = this.table.get(key)
    if (!entry || entry.connection.isNewConnection(entry.index, tcp)) {
      const connection = new TcpConnection([endpointText(ip.source, tcp.sourcePort), endpointText(ip.destination, tcp.destinationPort)], time)
      this.connections.push(connection)
      entry = { connection, index: 0 }
      this.table.set(key, entry)
      this.table.set(`${ip.destination}|${tcp.destinationPort}|${ip.source}|${tcp.sourcePort}`, { connection, index: 1 })
    }
    entry.connection.packet(entry.index, tcp, bytes, time)
  }

  /** The packet's time, or the one before it when its own is beyond the range of dates (counted, and said in a warning). */
  private timeOf(packet: CapturedPacket): number {
    if (Number.isFinite(packet.time) && Math.abs(packet.time) <= MAX_TIME_MS) return (this.lastTime = packet.time)
    this.skipped.outOfRangeTime.add(packet.offset)
    return this.lastTime
  }

  /** Ends every connection, collects sessions and summaries, and explains what was skipped. */
  private settle(): void {
    const { result } = this
    const prefix = this.options.idPrefix ?? 'import'
    for (const connection of this.connections) {
      const summary = connection.finish()
      if (connection.session) {
        connection.session.info.id = `${prefix}-${result.sessions.length + 1}`
        summary.sessionIndex = result.sessions.length
        result.sessions.push(connection.session)
      }
      result.connections.push(summary)
    }
    if (this.reader) result.warnings.push(...this.reader.warnings)
    const { fragments, malformed, nonIp, nonTcp, snapped, outOfRangeTime } = this.skipped
    const at = (c: SkipCounter) => `first in the record at byte ${formatCount(c.firstOffset)}`
    for (const [linkType, counter] of this.unsupportedLinks) {
      result.warnings.push(
        `${countOf(counter.count, 'packet')} of ${linkTypeName(linkType)} skipped (${at(counter)}): only Ethernet, Linux cooked (SLL, SLL2), BSD loopback/null and raw IP are decoded`,
      )
    }
    if (fragments.count)
      result.warnings.push(
        `${countOf(fragments.count, 'IP fragment')} skipped (${at(fragments)}): fragmented IP packets are not reassembled, so their TCP bytes show as gaps`,
      )
    if (malformed.count) result.warnings.push(`${countOf(malformed.count, 'packet')} with a malformed or cut-short IP or TCP header skipped (${at(malformed)})`)
    if (snapped.count)
      result.warnings.push(`cut short by the capture's snapshot length: ${countOf(snapped.count, 'packet')} (${at(snapped)}): their missing bytes show as gaps`)
    if (nonTcp.count) result.warnings.push(`${countOf(nonTcp.count, 'IP packet')} other than TCP skipped (UDP, ICMP…)`)
    if (nonIp.count) result.warnings.push(`${countOf(nonIp.count, 'non-IP frame')} skipped (ARP and the like)`)
    if (outOfRangeTime.count) {
      result.warnings.push(
        `${countOf(outOfRangeTime.count, 'packet')} with a timestamp beyond the range of dates (${at(outOfRangeTime)}): each was given the time of the packet before it`,
      )
    }
    if (this.droppedErrors) result.errors.push({ message: `${countOf(this.droppedErrors, 'more error')} not listed`, offset: this.reader?.offset ?? 0 })
  }
}

/** pcap and pcapng share one importer; each format sniffs its own magic. */
function captureImporter(format: 'pcap' | 'pcapng', label: string, sniff: (head: Uint8Array) => boolean): Importer {
  return {
    format,
    label,
    sniff: ({ head }) => sniff(head),
    import: ({ bytes }, options) => importCapture(bytes, options),
    stream: (options) => new CaptureImporter(options),
  }
}

export const pcapImporter = captureImporter('pcap', 'pcap capture', (head) => pcapMagic(head) !== null)
export const pcapngImporter = captureImporter('pcapng', 'pcapng capture', isPcapng)

/** Imports a whole pcap or pcapng file held in memory. */
export function importCapture(bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
  const importer = new CaptureImporter({ ...options, totalBytes: bytes.length })
  importer.push(bytes)
  return importer.finish()
}
