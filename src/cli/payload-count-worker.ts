/**
 * `--stats` on two threads: the main thread decodes frames and messages, a worker names each
 * message's payload decoder (the JSON scan that reads every byte of every text message) and
 * counts the names. Messages go over in batches written into a ring of shared memory, as ranges
 * of the capture's pieces (shared memory too: read once, never copied) or of arrays that go with
 * the batch (the data the decoder unmasked). Neither thread ever waits on a lock the other holds
 * (as posting a message per batch did): on a busy machine a thread that is not running holds
 * the other up.
 *
 * The main thread does not check whole text messages' UTF-8: the worker does, as the scan reads
 * it anyway. When one is not UTF-8 the counts are refused, and the caller decodes again on one
 * thread, where the decoder finds it and stops there, as it must.
 */
import { isUtf8 } from 'node:buffer'
import { parentPort, receiveMessageOnPort, Worker, workerData } from 'node:worker_threads'
import { byteView, type Sender } from '../protocol/index.ts'
import type { PayloadArgs } from './decode-payload.ts'
import { PayloadCounter, type MessageCounter } from './payload-counter.ts'
import { workerEntry } from './worker-entry.ts'

interface TaskData {
  payload: PayloadArgs
  from: Sender
  /** The ring (see RING_WORDS): the header's words, then SLOTS batches. */
  ring: Int32Array
}

/**
 * A batch in the ring: [message count, 1 when arrays go with it], then per message [code, where
 * its bytes are, start, end]. Where: an index in the batch's `arrays`, or for shared memory
 * -1 - its id: the pieces are few and used again, so each goes over once (in `shared`), not with
 * every batch. `forget`: ids no later batch uses.
 */
interface BatchArrays {
  arrays: Uint8Array[]
  shared: { id: number; buffer: SharedArrayBuffer }[]
  forget: number[]
}

// The ring's header: batches written, batches counted, a sequence number that changes at every
// write and at the end (the worker waits on it), 1 once no more batches come, 1 once the worker
// has started counting.
const POSTED = 0
const DONE = 1
const SEQUENCE = 2
const ENDED = 3
const STARTED = 4
const HEADER = 5

// Message codes.
const WHOLE_TEXT = 0
const WHOLE_BINARY = 1
/** Whole text messages in a row the main thread's JSON scan named (see HELPING): [code, 0, how many, 0]. */
const NAMED_BY_SCAN = 2
/** Codes from 3: a message with a record, by type. */
const RECORD_TYPES = ['text', 'binary', 'close', 'ping', 'pong']
const RECORD = 3

const BATCH_MESSAGES = 4096
/** Batches the ring holds: how far the worker may be behind before the main thread waits (memory stays bounded). */
const SLOTS = 64
const SLOT_WORDS = 2 + BATCH_MESSAGES * 4
const RING_WORDS = HEADER + SLOTS * SLOT_WORDS
/** Batches the worker may be behind before the main thread scans messages itself. */
const HELP_AHEAD = 2
/** How often (in messages) the main thread looks whether the worker is behind. */
const HELP_CHECK = 256
/**
 * How long the main thread waits for a batch to be counted before it gives the worker up; for the
 * worker to start, longer (a second Node environment starts slowly on a busy machine).
 */
const STALL_MS = 10_000
const START_MS = 60_000
/** Arrays outside shared memory up to this size (the decoder's 64 KiB slabs of unmasked data) are posted whole. */
const COPIED_WHOLE = 256 * 1024
/** Shared buffers the worker holds at most (the pieces in use are far fewer). */
const MAX_SHARED = 64

// The main thread's states: it hands every message over; the worker being behind, it names the
// whole text messages its JSON scan can itself (the scan is most of the worker's work, framing
// most of the main thread's); it gave the worker up (it stalled), and only waits for finish.
const HANDING_OVER = 0
const HELPING = 1
const GAVE_UP = 2

/**
 * The worker for a run, or null when none can do it: in-process (no entry to start), or with a
 * .proto schema (not something a worker can be given).
 */
export async function startPayloadWorker(payload: PayloadArgs, from: Sender): Promise<WorkerPayloadCounter | null> {
  const entry = workerEntry()
  if (!entry || payload.proto) return null
  const ring = new Int32Array(new SharedArrayBuffer(RING_WORDS * 4))
  const data: TaskData = { payload, from, ring }
  const session = (await import('./decode-payload.ts')).payloadSession(payload)
  return new WorkerPayloadCounter(new Worker(entry, { workerData: data }), ring, (bytes, start, end) => session.namedByScan(bytes, start, end))
}

/** The main thread's side: writes the messages into the ring batch by batch, then waits for the counts. */
export class WorkerPayloadCounter implements MessageCounter {
  /** Every whole text message is taken for UTF-8 here: the worker checks it (see finish). */
  readonly provesUtf8 = (): boolean => true
  /** Why the worker gave no counts, when it failed (not when it refused them for text that is not UTF-8). */
  failure: string | null = null
  private state = HANDING_OVER
  private side: BatchArrays = { arrays: [], shared: [], forget: [] }
  /** The array the last message was in, and where its bytes go as (see BatchArrays; see `locate`). */
  private last: Uint8Array | null = null
  private where = 0
  private offset = 0
  /** Whether messages in `last` are copied one by one (see COPIED_WHOLE). */
  private copying = false
  private readonly shared = new Map<ArrayBufferLike, number>()
  private nextShared = 0
  /** Where the batch being written starts in the ring, its messages so far, and where the last one is. */
  private slot = HEADER
  private count = 0
  private lastOp = HEADER
  /** Messages written, and batches handed over. */
  private messages = 0
  private posted = 0
  private readonly answer: Promise<{ counts: Record<string, number>; valid: boolean } | { error: string }>

  constructor(
    private readonly worker: Worker,
    private readonly ring: Int32Array,
    /** The worker's session's namedByScan: it depends on no state, so either thread may ask it. */
    private readonly namedByScan: (bytes: Uint8Array, start: number, end: number) => boolean,
  ) {
    this.answer = new Promise((resolve) => {
      worker.once('message', resolve)
      worker.once('error', (e) => resolve({ error: e.message }))
      worker.once('exit', (code) => resolve({ error: `exited (${code})` }))
    })
  }

  add(type: string, data: Uint8Array): void {
    this.push(RECORD + RECORD_TYPES.indexOf(type), data, 0, data.length)
  }

  addWhole(type: 'text' | 'binary', bytes: Uint8Array, start: number, end: number): void {
    if (type === 'binary') this.push(WHOLE_BINARY, bytes, start, end)
    else if (this.state !== HELPING || !this.namedByScan(bytes, start, end)) this.push(WHOLE_TEXT, bytes, start, end)
    else if (this.count > 0 && this.ring[this.lastOp] === NAMED_BY_SCAN) {
      // One more in the run: the worker only adds the count.
      this.ring[this.lastOp + 2]++
      this.written()
    } else this.write(NAMED_BY_SCAN, 0, 1, 0)
  }

  mark(): number {
    if (this.count) this.post()
    return this.posted
  }

  reached(mark: number): boolean {
    return this.state === GAVE_UP || Atomics.load(this.ring, DONE) >= mark
  }

  /** The counts per decoder; null when a whole text message was not UTF-8, or the worker failed. */
  async finish(): Promise<Record<string, number> | null> {
    if (this.count) this.post()
    Atomics.store(this.ring, ENDED, 1)
    wake(this.ring)
    const answer = this.state === GAVE_UP ? { error: 'stopped counting' } : await this.answer
    if ('error' in answer) {
      this.failure = answer.error
      await this.worker.terminate()
      return null
    }
    return answer.valid ? answer.counts : null
  }

  private push(code: number, bytes: Uint8Array, start: number, end: number): void {
    if (this.state === GAVE_UP) return
    if (bytes !== this.last) this.locate(bytes)
    if (this.copying) {
      // Posting a view copies all its buffer: of a large one, only the message.
      this.where = this.side.arrays.push(bytes.slice(start, end)) - 1
      end -= start
      start = 0
    }
    this.write(code, this.where, start + this.offset, end + this.offset)
  }

  /** Where the messages in `bytes` go as from now on: a shared piece by id, or an array that goes with the batch. */
  private locate(bytes: Uint8Array): void {
    this.last = bytes
    const buffer = bytes.buffer
    this.copying = false
    this.offset = 0
    if (buffer instanceof SharedArrayBuffer) {
      this.where = -1 - this.share(buffer)
      this.offset = bytes.byteOffset
    } else if (buffer.byteLength > COPIED_WHOLE) this.copying = true
    else this.where = this.side.arrays.push(bytes) - 1
  }

  /** The id `buffer` goes by in batches; the first time, it goes over to the worker. */
  private share(buffer: SharedArrayBuffer): number {
    let id = this.shared.get(buffer)
    if (id !== undefined) return id
    id = this.nextShared++
    this.shared.set(buffer, id)
    this.side.shared.push({ id, buffer })
    if (this.shared.size > MAX_SHARED) {
      // The buffer shared longest ago: after this batch the worker lets it go (it goes over again if used again).
      const [oldest, oldId] = this.shared.entries().next().value!
      this.shared.delete(oldest)
      this.side.forget.push(oldId)
    }
    return id
  }

  private write(code: number, where: number, start: number, end: number): void {
    if (this.state === GAVE_UP) return
    const o = (this.lastOp = this.slot + 2 + this.count++ * 4)
    const ring = this.ring
    ring[o] = code
    ring[o + 1] = where
    ring[o + 2] = start
    ring[o + 3] = end
    if (this.count === BATCH_MESSAGES) this.post()
    else this.written()
  }

  /** Every HELP_CHECK messages, whether the worker is behind. */
  private written(): void {
    if (++this.messages % HELP_CHECK === 0) this.helpWhenBehind(Atomics.load(this.ring, DONE))
  }

  private helpWhenBehind(done: number): void {
    if (this.state !== GAVE_UP) this.state = this.posted - done > HELP_AHEAD ? HELPING : HANDING_OVER
  }

  /** Hands the batch over, then starts the next one, in a slot the worker has counted. */
  private post(): void {
    const ring = this.ring
    const side = this.side
    const withArrays = side.arrays.length + side.shared.length + side.forget.length > 0
    ring[this.slot] = this.count
    ring[this.slot + 1] = withArrays ? 1 : 0
    // Before the batch counts as written: the worker takes the arrays as it reaches the batch.
    if (withArrays) this.worker.postMessage(side)
    Atomics.store(ring, POSTED, ++this.posted)
    wake(ring)
    this.side = { arrays: [], shared: [], forget: [] }
    this.last = null
    this.count = 0
    const done = this.waitForSlot()
    if (this.posted - done >= SLOTS) this.state = GAVE_UP
    else this.helpWhenBehind(done)
    this.slot = HEADER + (this.posted % SLOTS) * SLOT_WORDS
  }

  /** While the ring is full, waits for the worker (up to STALL_MS, START_MS before it started); answers the batches counted. */
  private waitForSlot(): number {
    const ring = this.ring
    let done = Atomics.load(ring, DONE)
    let waited = 0
    while (this.posted - done >= SLOTS && waited < (Atomics.load(ring, STARTED) ? STALL_MS : START_MS)) {
      if (Atomics.wait(ring, DONE, done, 100) === 'timed-out') waited += 100
      done = Atomics.load(ring, DONE)
    }
    return done
  }
}

/** Tells the worker the ring changed (a batch, or the end). */
function wake(ring: Int32Array): void {
  Atomics.add(ring, SEQUENCE, 1)
  Atomics.notify(ring, SEQUENCE)
}

/**
 * The worker's side: counts each batch in order as it is written (blocking: the thread has nothing
 * else to do); answers the counts once no more come. Once a batch was refused (text that is not
 * UTF-8), the rest are only taken off the ring, so that the main thread never waits.
 */
export async function servePayloadCounts(): Promise<void> {
  const { payload, from, ring } = workerData as TaskData
  const port = parentPort!
  const counter = new PayloadCounter(await import('./decode-payload.ts'), payload, from)
  Atomics.store(ring, STARTED, 1)
  const shared = new Map<number, Uint8Array>()
  let valid = true
  for (let done = 0; ;) {
    const sequence = Atomics.load(ring, SEQUENCE)
    if (Atomics.load(ring, POSTED) === done) {
      if (Atomics.load(ring, ENDED)) break
      Atomics.wait(ring, SEQUENCE, sequence)
      continue
    }
    const slot = HEADER + (done % SLOTS) * SLOT_WORDS
    const side = ring[slot + 1] ? (receiveMessageOnPort(port)!.message as BatchArrays) : null
    for (const { id, buffer } of side?.shared ?? []) shared.set(id, new Uint8Array(buffer))
    try {
      if (valid) valid = countBatch(counter, ring, slot, side?.arrays ?? [], shared)
    } catch {
      valid = false
    }
    for (const id of side?.forget ?? []) shared.delete(id)
    Atomics.store(ring, DONE, ++done)
    Atomics.notify(ring, DONE)
  }
  port.postMessage({ counts: counter.counts.counts, valid })
}

/** Counts a batch's messages as the decoder would have told them; false at a whole text message that is not UTF-8. */
function countBatch(counter: PayloadCounter, ring: Int32Array, slot: number, arrays: Uint8Array[], shared: Map<number, Uint8Array>): boolean {
  let where = 0
  let bytes = arrays[0]!
  const end = slot + 2 + ring[slot]! * 4
  for (let o = slot + 2; o < end; o += 4) {
    const code = ring[o]!
    // Runs of messages come from one array: look it up once.
    if (o === slot + 2 || ring[o + 1] !== where) {
      where = ring[o + 1]!
      bytes = where < 0 ? shared.get(-1 - where)! : arrays[where]!
    }
    const start = ring[o + 2]!
    const stop = ring[o + 3]!
    if (code === WHOLE_TEXT) {
      if (!counter.provesUtf8(bytes, start, stop) && !isUtf8(byteView(bytes, start, stop))) return false
      counter.addWhole('text', bytes, start, stop)
    } else if (code === NAMED_BY_SCAN) counter.addScanned(start)
    else if (code === WHOLE_BINARY) counter.addWhole('binary', bytes, start, stop)
    else counter.add(RECORD_TYPES[code - RECORD]!, byteView(bytes, start, stop))
  }
  return true
}
