/**
 * `--stats` on two threads: the main thread decodes frames and messages, a worker names each
 * message's payload decoder (the JSON scan that reads every byte of every text message) and
 * counts the names. Messages go over in batches, as ranges of the capture's pieces (shared
 * memory: read once, never copied) or of the arrays the decoder unmasked them into.
 *
 * The main thread does not check whole text messages' UTF-8: the worker does, as the scan reads
 * it anyway. When one is not UTF-8 the counts are refused, and the caller decodes again on one
 * thread, where the decoder finds it and stops there, as it must.
 */
import { isUtf8 } from 'node:buffer'
import { parentPort, Worker, workerData } from 'node:worker_threads'
import { byteView, type Sender } from '../protocol/index.ts'
import type { PayloadArgs } from './decode-payload.ts'
import { PayloadCounter, type MessageCounter } from './payload-counter.ts'
import { PAYLOAD_COUNT_TASK, workerEntry } from './worker-entry.ts'

interface TaskData {
  task: typeof PAYLOAD_COUNT_TASK
  payload: PayloadArgs
  from: Sender
  /** [batches counted, 1 when the worker failed]: the main thread waits on it, unable to take messages while it decodes. */
  progress: Int32Array
}

/** A batch: per message [code, index in `arrays`, start, end]. */
interface Batch {
  arrays: Uint8Array[]
  ops: Int32Array
}

const WHOLE_TEXT = 0
const WHOLE_BINARY = 1
/** A whole text message the main thread's JSON scan named (see WorkerPayloadCounter.helping). */
const NAMED_BY_SCAN = 2
/** Codes from 3: a message with a record, by type. */
const RECORD_TYPES = ['text', 'binary', 'close', 'ping', 'pong']
const RECORD = 3
const BATCH_MESSAGES = 4096
/** Batches the worker may be behind before the main thread waits: memory stays bounded. */
const MAX_AHEAD = 16
/** Batches the worker may be behind before the main thread scans messages itself. */
const HELP_AHEAD = 2
/** How long the main thread waits for a batch to be counted before it gives the worker up. */
const STALL_MS = 30_000
/** Arrays outside shared memory up to this size (the decoder's 64 KiB slabs of unmasked data) are posted whole. */
const COPIED_WHOLE = 256 * 1024

/**
 * The worker for a run, or null when none can do it: in-process (no entry to start), or with a
 * .proto schema (not something a worker can be given).
 */
export async function startPayloadWorker(payload: PayloadArgs, from: Sender): Promise<WorkerPayloadCounter | null> {
  const entry = workerEntry()
  if (!entry || payload.proto) return null
  const progress = new Int32Array(new SharedArrayBuffer(8))
  const data: TaskData = { task: PAYLOAD_COUNT_TASK, payload, from, progress }
  const session = (await import('./decode-payload.ts')).payloadSession(payload)
  return new WorkerPayloadCounter(new Worker(entry, { workerData: data }), progress, (bytes, start, end) => session.namedByScan(bytes, start, end))
}

/** The main thread's side: batches the messages, then waits for the counts. */
export class WorkerPayloadCounter implements MessageCounter {
  /** Every whole text message is taken for UTF-8 here: the worker checks it (see finish). */
  readonly provesUtf8 = (): boolean => true
  private arrays: Uint8Array[] = []
  private last: Uint8Array | null = null
  /** Whether messages in `last` are copied one by one (see COPIED_WHOLE). */
  private copying = false
  private ops = new Int32Array(BATCH_MESSAGES * 4)
  private count = 0
  private posted = 0
  private failed = false
  /**
   * The worker is behind (the JSON scan is most of its work, framing most of this thread's): this
   * thread scans the whole text messages it hands over, until the worker catches up.
   */
  private helping = false
  private readonly answer: Promise<{ counts: Record<string, number>; valid: boolean } | null>

  constructor(
    private readonly worker: Worker,
    private readonly progress: Int32Array,
    /** The worker's session's namedByScan: it depends on no state, so either thread may ask it. */
    private readonly namedByScan: (bytes: Uint8Array, start: number, end: number) => boolean,
  ) {
    this.answer = new Promise((resolve) => {
      worker.once('message', resolve)
      worker.once('error', () => resolve(null))
      worker.once('exit', () => resolve(null))
    })
  }

  add(type: string, data: Uint8Array): void {
    this.push(RECORD + RECORD_TYPES.indexOf(type), data, 0, data.length)
  }

  addWhole(type: 'text' | 'binary', bytes: Uint8Array, start: number, end: number): void {
    const code = type === 'binary' ? WHOLE_BINARY : this.helping && this.namedByScan(bytes, start, end) ? NAMED_BY_SCAN : WHOLE_TEXT
    this.push(code, bytes, start, end)
  }

  mark(): number {
    if (this.count) this.post()
    return this.posted
  }

  reached(mark: number): boolean {
    return this.failed || Atomics.load(this.progress, 0) >= mark
  }

  /** The counts per decoder; null when a whole text message was not UTF-8, or the worker failed. */
  async finish(): Promise<Record<string, number> | null> {
    if (this.count) this.post()
    if (!this.failed) this.worker.postMessage('end')
    const answer = this.failed ? null : await this.answer
    if (!answer) await this.worker.terminate()
    return answer?.valid ? answer.counts : null
  }

  private push(code: number, bytes: Uint8Array, start: number, end: number): void {
    if (this.failed) return
    if (bytes !== this.last) {
      this.last = bytes
      this.copying = bytes.buffer.byteLength > COPIED_WHOLE && !(bytes.buffer instanceof SharedArrayBuffer)
      if (!this.copying) this.arrays.push(bytes)
    }
    if (this.copying) {
      // Posting a view copies all its buffer: of a large one, only the message.
      this.arrays.push(bytes.slice(start, end))
      end -= start
      start = 0
    }
    const o = this.count++ * 4
    const ops = this.ops
    ops[o] = code
    ops[o + 1] = this.arrays.length - 1
    ops[o + 2] = start
    ops[o + 3] = end
    if (this.count === BATCH_MESSAGES) this.post()
  }

  /**
   * Hands the batch over: arrays in shared memory (the pieces read) are shared, others (unmasked
   * data) copied. Then waits while the worker is too far behind.
   */
  private post(): void {
    const ops = this.ops.slice(0, this.count * 4)
    const batch: Batch = { arrays: this.arrays, ops }
    this.worker.postMessage(batch, [ops.buffer])
    this.posted++
    this.arrays = []
    this.last = null
    this.count = 0
    let done = Atomics.load(this.progress, 0)
    let waited = 0
    while (this.posted - done > MAX_AHEAD && Atomics.load(this.progress, 1) === 0 && waited < STALL_MS) {
      if (Atomics.wait(this.progress, 0, done, 100) === 'timed-out') waited += 100
      done = Atomics.load(this.progress, 0)
    }
    if (this.posted - done > MAX_AHEAD) this.failed = true
    this.helping = this.posted - done > HELP_AHEAD
  }
}

/** The worker's side: counts each batch in order; answers the counts after 'end'. */
export async function servePayloadCounts(): Promise<void> {
  const { payload, from, progress } = workerData as TaskData
  const port = parentPort!
  const counter = new PayloadCounter(await import('./decode-payload.ts'), payload, from)
  let valid = true
  port.on('message', (batch: Batch | 'end') => {
    if (batch === 'end') {
      port.postMessage({ counts: counter.counts.counts, valid })
      port.close()
      return
    }
    try {
      if (valid) valid = countBatch(counter, batch)
    } catch {
      valid = false
      Atomics.store(progress, 1, 1)
    }
    Atomics.add(progress, 0, 1)
    Atomics.notify(progress, 0)
  })
}

/** Counts a batch's messages as the decoder would have told them; false at a whole text message that is not UTF-8. */
function countBatch(counter: PayloadCounter, { arrays, ops }: Batch): boolean {
  for (let o = 0; o < ops.length; o += 4) {
    const code = ops[o]!
    const bytes = arrays[ops[o + 1]!]!
    const start = ops[o + 2]!
    const end = ops[o + 3]!
    if (code === WHOLE_TEXT) {
      if (!counter.provesUtf8(bytes, start, end) && !isUtf8(byteView(bytes, start, end))) return false
      counter.addWhole('text', bytes, start, end)
    } else if (code === NAMED_BY_SCAN) counter.addScanned()
    else if (code === WHOLE_BINARY) counter.addWhole('binary', bytes, start, end)
    else counter.add(RECORD_TYPES[code - RECORD]!, byteView(bytes, start, end))
  }
  return true
}
