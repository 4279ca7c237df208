/**
 * What every importer returns. Importers never throw on bad input: a problem is an
 * `ImportError` (what went wrong and at which byte of the file), and everything read before
 * it is kept, so a capture cut short still shows the connections it holds.
 */
import type { Session } from '../shared/session.ts'

export type ImportFormat = 'pcap' | 'pcapng' | 'har' | 'wsinspect-json' | 'unknown'

export interface ImportError {
  /** One line that says what is wrong and where ("pcapng block at byte 1,234: …"). */
  message: string
  /** Byte offset in the file (for text formats: the character offset, or 0 when unknown). */
  offset: number
}

/** Called with bytes processed so far and the file size, at most about once per MiB. */
export type ProgressCallback = (done: number, total: number) => void

/** One TCP connection of a capture, WebSocket or not, so nothing in the file goes unlisted. */
export interface ConnectionSummary {
  kind: 'websocket' | 'websocket-refused' | 'tls' | 'http' | 'other'
  client: string
  server: string
  /** Payload bytes seen in each direction (after reassembly). */
  clientBytes: number
  serverBytes: number
  packets: number
  /** First and last packet times (ms since the epoch). */
  start: number
  end: number
  /** Index in `ImportResult.sessions` when the connection became a session. */
  sessionIndex: number | null
  notes: string[]
}

export interface ImportResult {
  format: ImportFormat
  sessions: Session[]
  /** Capture imports: every TCP connection; other formats: empty. */
  connections: ConnectionSummary[]
  /** Problems with the file itself; parsing stopped or skipped at each of them. */
  errors: ImportError[]
  /** File-level remarks that lose no data of a connection (skipped non-TCP packets, IP fragments…). */
  warnings: string[]
}

export interface ImportOptions {
  /** Progress for a worker's progress bar. */
  onProgress?: ProgressCallback
  /** Session ids are `${idPrefix}-${n}`: give a unique prefix per import. Default 'import'. */
  idPrefix?: string
}

export function emptyResult(format: ImportFormat): ImportResult {
  return { format, sessions: [], connections: [], errors: [], warnings: [] }
}

/** 1234567 → "1,234,567": offsets and sizes in messages are read by people. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** "1 byte", "1,460 bytes". */
export function countOf(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`
}

const PROGRESS_STEP = 1024 * 1024

/** Throttles progress reports to one per MiB (and always reports the end). */
export class ProgressReporter {
  private lastReported = -PROGRESS_STEP

  constructor(
    private readonly callback: ProgressCallback | undefined,
    private readonly total: number,
  ) {}

  update(done: number): void {
    if (!this.callback || done - this.lastReported < PROGRESS_STEP) return
    this.lastReported = done
    this.callback(done, this.total)
  }

  finish(): void {
    this.callback?.(this.total, this.total)
  }
}
