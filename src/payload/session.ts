import type { Sender } from '../protocol/index.ts'
import { isPlainJsonObject } from './json-object-scan.ts'
import { PayloadInput } from './payload-input.ts'
import { payloadRegistry, type PayloadRegistry } from './registry.ts'
import { clip } from './summary.ts'
import type { DecodeContext, LayerResult, PayloadDecoder, PayloadOptions, PayloadResult } from './types.ts'

/** `auto`: subprotocol, then sniffing; `none`: no decoding; a list: exactly these layers, outermost first. */
export type PayloadMode = 'auto' | 'none' | readonly string[]

export interface PayloadSessionOptions {
  subprotocol?: string | null
  payload?: PayloadMode
  options?: PayloadOptions
  registry?: PayloadRegistry
}

/** Nesting is bounded: a compressed message inside a compressed message … stops here. */
const MAX_LAYERS = 8
/** Below this, a sniffer's guess is not taken. */
const MIN_CONFIDENCE = 0.1
/** How much a connection's earlier winner is preferred over a new guess. */
const REMEMBERED_BONUS = 0.3

/**
 * The payload decoding of one connection: picks decoders (negotiated subprotocol, user
 * override, or the surest sniffer, remembered), and owns the per-direction state of stateful
 * layers (zlib streams, Socket.IO attachments). Messages must be given in order per direction;
 * replaying a saved session's messages rebuilds the same state.
 */
export class PayloadSession {
  private readonly registry: PayloadRegistry
  private readonly states: Record<Sender, Map<string, unknown>> = { client: new Map(), server: new Map() }
  private readonly connection = new Map<string, unknown>()
  private readonly contexts: Record<Sender, DecodeContext[]> = { client: [], server: [] }
  /** The decoder that won at each layer depth, preferred next time. */
  private readonly remembered: (PayloadDecoder | undefined)[] = []
  private mode: PayloadMode
  readonly subprotocol: string | null
  /** The decoder the negotiated subprotocol selects for every message, if any. */
  private readonly subprotocolDecoder: PayloadDecoder | null
  readonly options: PayloadOptions

  constructor(settings: PayloadSessionOptions = {}) {
    this.registry = settings.registry ?? payloadRegistry
    this.subprotocol = settings.subprotocol ?? null
    this.subprotocolDecoder = this.subprotocol ? (this.registry.forSubprotocol(this.subprotocol) ?? null) : null
    this.options = settings.options ?? {}
    this.mode = settings.payload ?? 'auto'
    if (Array.isArray(this.mode)) this.mode = this.registry.expand(this.mode)
  }

  /** The user's choice for this connection from now on. */
  setMode(mode: PayloadMode): void {
    this.mode = Array.isArray(mode) ? this.registry.expand(mode) : mode
  }

  /** Any WebSocket message: data messages are decoded, control messages (ping, pong, close) are `control`. */
  decodeMessage(type: string, data: Uint8Array, direction: Sender): PayloadResult {
    if (type === 'text' || type === 'binary') return this.decode(data, type === 'text', direction)
    const plain = undecoded(new PayloadInput(data, false))
    return { ...plain, kind: 'control', summary: data.length ? `${type} ${plain.summary}` : type }
  }

  decode(bytes: Uint8Array, isText: boolean, direction: Sender): PayloadResult {
    const input = new PayloadInput(bytes, isText)
    if (this.mode === 'none') return undecoded(input)
    return this.run(input, direction, this.mode === 'auto' ? null : this.mode, undefined, 0)
  }

  /**
   * The `decoder` that decodeMessage would give this message, for counts over large captures:
   * the same walk, choices and state, without building values and summaries where no inner layer
   * or state depends on them (an innermost decoder is named, not run). Messages must be given in
   * order, as to decodeMessage.
   */
  identifyMessage(type: string, data: Uint8Array, direction: Sender): string | null {
    if (this.mode === 'none' || (type !== 'text' && type !== 'binary')) return null
    const forced = this.mode === 'auto' ? null : this.mode
    // The common case, a plain JSON object, is named before any PayloadInput is made for it.
    if (type === 'text' && !forced && !this.subprotocolDecoder) {
      const plain = this.plainObject(data, 0)
      if (plain?.innermost) return plain.id
    }
    return this.walk(new PayloadInput(data, type === 'text'), direction, forced, undefined, 0, null)
  }

  /**
   * Whether identifyMessage names text message `data[start, end)` by the plain-object scan alone. The scan
   * reads UTF-8 too, so yes also proves `data` valid UTF-8 (a decoder's `provesUtf8`);
   * identifyScanned then names the message without reading it again.
   */
  namedByScan(data: Uint8Array, start = 0, end = data.length): boolean {
    return this.mode === 'auto' && !this.subprotocolDecoder && this.plainReader(data, start, end)?.innermost === true
  }

  /** identifyMessage's answer, and state, for the text message namedByScan just said yes to. */
  identifyScanned(): string {
    const reader = this.registry.plainObject!.reader
    this.remembered[0] = reader
    return reader.id
  }

  private run(
    input: PayloadInput,
    direction: Sender,
    forced: readonly string[] | null,
    prefer: readonly string[] | undefined,
    startDepth: number,
  ): PayloadResult {
    const layers: string[] = []
    const errors: PayloadResult['errors'] = []
    const results: LayerResult[] = []
    const decoder = this.walk(input, direction, forced, prefer, startDepth, (d, result) => {
      layers.push(d.id, ...(result.layers ?? []))
      errors.push(...(result.errors ?? []))
      results.push(result)
    })
    const final = results.at(-1)
    if (!final) return undecoded(input)
    return {
      decoder,
      layers,
      kind: final.kind,
      summary: final.summary,
      correlation: final.correlation ?? null,
      value: final.value,
      errors,
    }
  }

  /**
   * The layer walk of decoding and naming alike: choose a decoder (forced, negotiated or
   * sniffed), decode, go on with the layer it hands on; answers the innermost decoder's id.
   * `visit` sees each layer's result; without it only the name is wanted, so an innermost
   * decoder is not run (nothing would read its value, and it keeps no state).
   */
  private walk(
    input: PayloadInput,
    direction: Sender,
    forced: readonly string[] | null,
    prefer: readonly string[] | undefined,
    startDepth: number,
    visit: ((decoder: PayloadDecoder, result: LayerResult) => void) | null,
  ): string | null {
    const ctx = this.context(direction, startDepth)
    let decoder: string | null = null
    let current = input
    for (let depth = 0; depth < MAX_LAYERS; depth++) {
      const chosen = forced ? this.registry.get(forced[depth]) : this.choose(current, ctx, startDepth + depth, prefer)
      if (!chosen) break
      if (!visit && chosen.innermost) return chosen.id
      const result = safeDecode(chosen, current, ctx)
      visit?.(chosen, result)
      decoder = result.layers?.length ? result.layers[result.layers.length - 1] : chosen.id
      if (!result.next) break
      current = result.next.input
      prefer = result.next.prefer
    }
    return decoder
  }

  /** One context per direction and depth, made once: messages come by the million in a large capture. */
  private context(direction: Sender, depth: number): DecodeContext {
    const made = this.contexts[direction]
    return (made[depth] ??= {
      direction,
      subprotocol: this.subprotocol,
      state: this.states[direction],
      connection: this.connection,
      options: this.options,
      inner: (input, prefer) => this.run(input, direction, null, prefer, depth + 1),
    })
  }

  /**
   * For text: the plain JSON reader when the bytes are one JSON object none of the other
   * sniffers can claim (a scan, no parsing). It wins whatever was remembered, and is
   * remembered, as when every sniffer is asked.
   */
  private plainObject(bytes: Uint8Array, depth: number): PayloadDecoder | null {
    const reader = this.plainReader(bytes)
    if (reader) this.remembered[depth] = reader
    return reader
  }

  private plainReader(bytes: Uint8Array, start = 0, end = bytes.length): PayloadDecoder | null {
    const plain = bytes[start] === 0x7b && start < end ? this.registry.plainObject : null
    return plain && isPlainJsonObject(bytes, plain.keys, start, end) ? plain.reader : null
  }

  private choose(input: PayloadInput, ctx: DecodeContext, depth: number, prefer: readonly string[] | undefined): PayloadDecoder | null {
    if (depth === 0 && this.subprotocolDecoder) return this.subprotocolDecoder
    if (prefer) {
      for (const id of prefer) {
        const d = this.registry.get(id)
        if (d && safeSniff(d, input, ctx) > 0) return d
      }
    }
    const plain = input.isText ? this.plainObject(input.bytes, depth) : null
    if (plain) return plain
    const remembered = this.remembered[depth]
    // Only the decoders the message may start for are asked: the others would answer 0.
    const sniffers = this.registry.sniffers(input)
    const rememberedScore = remembered && sniffers.includes(remembered) ? safeSniff(remembered, input, ctx) : 0
    // With its bonus above 1 the earlier winner beats any other guess: skip asking the rest.
    if (remembered && rememberedScore + REMEMBERED_BONUS > 1) return remembered
    let best: PayloadDecoder | null = null
    let bestScore = MIN_CONFIDENCE
    for (const d of sniffers) {
      let score = d === remembered ? rememberedScore : safeSniff(d, input, ctx)
      if (score <= 0) continue
      if (d === remembered) score += REMEMBERED_BONUS
      if (score > bestScore) {
        best = d
        bestScore = score
      }
    }
    if (best) this.remembered[depth] = best
    return best
  }
}

function safeSniff(d: PayloadDecoder, input: PayloadInput, ctx: DecodeContext): number {
  try {
    const c = d.sniff(input, ctx)
    return Number.isFinite(c) ? c : 0
  } catch {
    return 0
  }
}

function safeDecode(d: PayloadDecoder, input: PayloadInput, ctx: DecodeContext): LayerResult {
  try {
    return d.decode(input, ctx)
  } catch (e) {
    // A decoder bug or a library's exception must not lose the message.
    const message = e instanceof Error ? e.message : String(e)
    return { value: input.asValue(), kind: 'data', summary: clip(`${d.id}: ${message}`), errors: [{ message, offset: 0 }] }
  }
}

/** The payload of a message no decoder read: its text, or its bytes as `$binary`. */
export function undecoded(input: PayloadInput): PayloadResult {
  const value = input.asValue()
  return {
    decoder: null,
    layers: [],
    kind: 'data',
    summary: typeof value === 'string' ? clip(value) : `${input.bytes.length} bytes`,
    correlation: null,
    value,
    errors: [],
  }
}
