/**
 * A connection's messages on their way to its payload worker and back: sends what the store
 * holds beyond what was sent, a request at a time (a few in flight, so a million imported
 * messages never flood the worker), and appends the answers to the current PayloadColumn.
 * `reset` starts over (a cleared log, a new decoding choice): answers for the old generation
 * are dropped on arrival.
 */
import type { MessageStore } from '../store/message-store.ts'
import { messagesRequest, type PayloadBatch, type PayloadSetup } from '../store/payload-batch.ts'
import { PayloadColumn } from '../store/payload-column.ts'
import type { CreatePayloadPort, PayloadPort } from './payload-port.ts'

const REQUEST_MESSAGES = 4096
const REQUEST_BYTES = 2 * 1024 * 1024
const IN_FLIGHT = 2
/**
 * Requests short of full go at most this often: a post to a worker costs the page milliseconds
 * (tens, at worst) when the machine is busy, whatever its size, so a stream is sent in fewer,
 * larger requests rather than one per arrival.
 */
const POST_EVERY_MS = 40

export class PayloadFeed {
  column: PayloadColumn
  private port: PayloadPort | null = null
  private generation = 0
  private setupSent = false
  private sent = 0
  private inFlight = 0
  private disposed = false
  private lastPost = -Infinity
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    store: MessageStore,
    private readonly createPort: CreatePayloadPort,
    /** Read when the first message of a generation is sent (the subprotocol is known by then). */
    private readonly setup: () => PayloadSetup,
    /** Told after each batch is appended. */
    private readonly decoded: () => void,
  ) {
    this.column = new PayloadColumn(store)
  }

  /** Starts decoding `store` from its first message again. */
  reset(store: MessageStore): void {
    this.column = new PayloadColumn(store)
    this.generation++
    this.setupSent = false
    this.sent = 0
    this.inFlight = 0
  }

  /** Sends the messages stored since the last call, as far as the requests in flight allow. */
  pump(): void {
    const { store } = this.column
    while (!this.disposed && this.inFlight < IN_FLIGHT && this.sent < store.length) {
      const wait = this.lastPost + POST_EVERY_MS - performance.now()
      if (wait > 0 && store.length - this.sent < REQUEST_MESSAGES) {
        this.timer ??= setTimeout(() => {
          this.timer = null
          this.pump()
        }, wait)
        return
      }
      this.lastPost = performance.now()
      const port = (this.port ??= this.createPort((batch) => this.received(batch)))
      if (!this.setupSent) {
        port.post({ type: 'setup', generation: this.generation, setup: this.setup() })
        this.setupSent = true
      }
      const request = messagesRequest(store, this.generation, this.sent, Math.min(store.length, this.sent + REQUEST_MESSAGES), REQUEST_BYTES)
      port.post(request)
      this.sent += request.count
      this.inFlight++
    }
  }

  dispose(): void {
    this.disposed = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.port?.terminate()
    this.port = null
  }

  private received(batch: PayloadBatch): void {
    if (this.disposed || batch.generation !== this.generation) return
    this.inFlight--
    this.column.append(batch)
    this.decoded()
    this.pump()
  }
}
