/**
 * A regex filter, run where it can be stopped. One regular expression can take exponential
 * time on one payload (`^(\w+\s?)*$` on a long line of letters ending in `!`), and no deadline
 * can interrupt a single `RegExp.test`: so the texts go to a worker in batches, each batch has
 * a time budget, and a worker over budget is terminated. The log then keeps the matches found
 * so far and says the regex was stopped, and where.
 */
import { IndexList } from './chunked-column.ts'
import { FilterScan } from './filter-scan.ts'
import { RangeText, type RangeMatcher } from './message-filter.ts'
import type { MessageStore } from './message-store.ts'

export interface RegexRequest {
  source: string
  flags: string
  texts: string[]
}

/** Where a regex runs: `run` resolves with the positions in `texts` that match. */
export interface RegexPort {
  run(request: RegexRequest): Promise<number[]>
  terminate(): void
}

/** The time a batch may take before the regex is stopped. */
export const REGEX_BUDGET_MS = 2000
const BATCH_MESSAGES = 4096
const BATCH_CHARS = 4 * 1024 * 1024

export class RegexScan extends FilterScan {
  /** Why the regex was stopped, in words; null while it runs or once it is done. */
  stopped: string | null = null
  private port: RegexPort | null = null
  private inFlight = false
  private disposed = false
  private readonly texts = new RangeText()

  constructor(
    store: MessageStore,
    /** The candidates: direction and types. */
    candidates: RangeMatcher,
    private readonly regex: RegExp,
    private readonly createPort: () => RegexPort,
    /** Told when a batch is answered or the regex is stopped. */
    private readonly progress: () => void,
    private readonly budgetMs = REGEX_BUDGET_MS,
  ) {
    super(store, candidates)
  }

  override get done(): boolean {
    return this.stopped !== null || this.scanned >= this.store.length
  }

  /** Sends the next batch when none is out; the answer arrives later (progress). */
  override step(): boolean {
    if (!this.done && !this.inFlight && !this.disposed) this.dispatch()
    return this.done
  }

  override dispose(): void {
    this.disposed = true
    this.port?.terminate()
    this.port = null
  }

  private dispatch(): void {
    const { store } = this
    const from = this.scanned
    const limit = this.end
    // Waiting for payload decoding: the connection steps again when more is decoded.
    if (from >= limit) return
    const candidates = new IndexList()
    const texts: string[] = []
    let chars = 0
    let to = from
    while (to < limit && texts.length < BATCH_MESSAGES && chars < BATCH_CHARS) {
      const end = Math.min(limit, to + 256)
      const before = candidates.length
      this.matcher!(store, to, end, candidates)
      for (let k = before; k < candidates.length; k++) {
        const text = this.texts.of(store, candidates.get(k))
        texts.push(text)
        chars += text.length
      }
      to = end
    }
    if (texts.length === 0) {
      this.scanned = to
      return this.progress()
    }
    this.inFlight = true
    const port = (this.port ??= this.createPort())
    const timer = setTimeout(() => {
      port.terminate()
      if (this.port === port) this.port = null
      this.inFlight = false
      this.stopped = `it ran for more than ${this.budgetMs / 1000} s on messages ${from + 1}–${to} and was stopped; the rows shown are the matches before them`
      this.progress()
    }, this.budgetMs)
    port.run({ source: this.regex.source, flags: this.regex.flags, texts }).then(
      (hits) => {
        clearTimeout(timer)
        if (this.disposed || this.stopped !== null) return
        for (const k of hits) this.matches.push(candidates.get(k))
        this.scanned = to
        this.inFlight = false
        this.progress()
      },
      (error: Error) => {
        clearTimeout(timer)
        if (this.disposed || this.stopped !== null) return
        this.inFlight = false
        this.stopped = `it failed: ${error.message}`
        this.progress()
      },
    )
  }
}

/** The positions in `texts` that the regular expression matches (what the worker runs). */
export function matchTexts({ source, flags, texts }: RegexRequest): number[] {
  const re = new RegExp(source, flags)
  const hits: number[] = []
  for (let k = 0; k < texts.length; k++) if (re.test(texts[k])) hits.push(k)
  return hits
}
