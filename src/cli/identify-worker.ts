import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import type { Sender } from '../protocol/index.ts'
import { parsePayloadArgs, payloadSession, type MessageCounter, type PayloadValues } from './decode-payload.ts'

/**
 * `--stats` on a large capture with payload decoding on: frames are read on the main thread and
 * messages identified in a worker, both cores busy. Messages go over in batches (their bytes
 * copied into one buffer, handed over and handed back for reuse) in order, so the worker's
 * session makes exactly the choices an in-thread one would.
 */
const ROLE = 'wsinspect --stats payload counts'
/** A batch is handed over when its bytes or its messages reach these. */
const BATCH_BYTES = 1 << 20
const BATCH_MESSAGES = 1 << 14
/** Batches the worker may be behind by before reading waits for it: bounds memory on any input. */
const MAX_IN_FLIGHT = 4
const TEXT = 1
const BINARY = 2

interface Batch {
  types: Uint8Array<ArrayBuffer>
  lengths: Uint32Array<ArrayBuffer>
  bytes: Uint8Array<ArrayBuffer>
  count: number
}

interface Setup {
  role: typeof ROLE
  values: PayloadValues
  from: Sender
}

/**
 * Whether a worker can run here: from the built command line, where this module is plain
 * JavaScript. From the TypeScript sources (tests in one process) identification stays in the thread.
 */
export function workerAvailable(): boolean {
  return import.meta.url.endsWith('.mjs') || import.meta.url.endsWith('.js')
}

/** The main thread's side: what `--stats` adds messages to. */
export class WorkerCounter implements MessageCounter {
  private readonly worker: Worker
  private readonly spare: Batch[] = []
  private batch: Batch
  private used = 0
  private inFlight = 0
  private failure: Error | null = null
  private wake: (() => void) | null = null
  private readonly counts: Promise<Record<string, number>>
  /** Control messages are never decoded: counted here as `null`. */
  private control = 0

  constructor(values: PayloadValues, from: Sender) {
    const setup: Setup = { role: ROLE, values, from }
    this.worker = new Worker(new URL(import.meta.url), { workerData: setup })
    this.batch = newBatch(BATCH_BYTES)
    this.counts = new Promise((resolve, reject) => {
      this.worker.on('message', (m: { batch?: Batch; counts?: Record<string, number> }) => {
        if (m.counts) resolve(m.counts)
        if (m.batch) {
          this.inFlight--
          this.spare.push(m.batch)
          this.wake?.()
        }
      })
      this.worker.on('error', (e) => {
        this.failure = e
        reject(e)
        this.wake?.()
      })
    })
    // Rejections are reported by finish() or ready(), not as unhandled.
    this.counts.catch(() => {})
  }

  add(type: string, data: Uint8Array): void {
    const code = type === 'text' ? TEXT : type === 'binary' ? BINARY : 0
    if (code === 0) {
      this.control++
      return
    }
    let b = this.batch
    if (b.count === b.types.length || this.used + data.length > b.bytes.length) {
      this.send()
      b = this.batch = this.takeSpare(data.length)
    }
    b.types[b.count] = code
    b.lengths[b.count] = data.length
    b.count++
    b.bytes.set(data, this.used)
    this.used += data.length
  }

  ready(): Promise<void> | null {
    if (this.failure) return Promise.reject(this.failure)
    if (this.inFlight < MAX_IN_FLIGHT) return null
    return new Promise<void>((resolve) => (this.wake = resolve)).then(() => {
      this.wake = null
      return this.ready() ?? undefined
    })
  }

  async finish(): Promise<Record<string, number>> {
    try {
      if (this.batch.count) this.send()
      this.worker.postMessage({ end: true })
      const counts = await this.counts
      if (this.control) counts.null = (counts.null ?? 0) + this.control
      return counts
    } finally {
      await this.worker.terminate()
    }
  }

  private send(): void {
    const b = this.batch
    this.worker.postMessage({ batch: b }, buffersOf(b))
    this.inFlight++
    this.used = 0
  }

  private takeSpare(least: number): Batch {
    const i = this.spare.findIndex((s) => s.bytes.length >= least)
    if (i < 0) return newBatch(Math.max(BATCH_BYTES, least))
    const [b] = this.spare.splice(i, 1)
    b.count = 0
    return b
  }
}

/** Handed over, not copied. */
const buffersOf = (b: Batch) => [b.types.buffer, b.lengths.buffer, b.bytes.buffer]

function newBatch(bytes: number): Batch {
  return { types: new Uint8Array(BATCH_MESSAGES), lengths: new Uint32Array(BATCH_MESSAGES), bytes: new Uint8Array(bytes), count: 0 }
}

/** The worker's side: one session for the file's direction, counts sent back at the end. */
function serve(setup: Setup): void {
  const session = payloadSession(parsePayloadArgs(setup.values))
  const counts: Record<string, number> = {}
  parentPort!.on('message', (m: { batch?: Batch; end?: true }) => {
    if (m.end) {
      parentPort!.postMessage({ counts })
      return
    }
    const b = m.batch!
    let at = 0
    for (let i = 0; i < b.count; i++) {
      const key = session.identifyMessage(b.types[i] === TEXT ? 'text' : 'binary', b.bytes.subarray(at, at + b.lengths[i]), setup.from) ?? 'null'
      counts[key] = (counts[key] ?? 0) + 1
      at += b.lengths[i]
    }
    parentPort!.postMessage({ batch: b }, buffersOf(b))
  })
}

if (!isMainThread && (workerData as Setup | null)?.role === ROLE) serve(workerData as Setup)
