import { Opcode, encodeFrameHeader, frameJson, type DecoderEvent, type Finding, type FrameJson } from '../protocol/index.ts'
import { bytesToJson, type CaptureEvent, type CaptureFrame, type Sender } from '../shared/capture-api.ts'
import type { FeedMessage } from '../shared/capture-batch.ts'
import { frameJsonOf } from './capture-frames.ts'
import type { CapturesHub } from './captures-hub.ts'
import type { MessageOutcome } from './tap-rewriter.ts'

const NO_BYTES = new Uint8Array(0)

/**
 * Publishes what one tapped connection's decoders see as captures API events: frames and
 * messages with their bytes as they are (the hub cuts them per subscriber, and keeps a bounded
 * backlog of them while nobody watches).
 */
export class TapCapture {
  /** Per sender: header bytes of the data frames since its last data message, and of its last control frame (a message's `headerBytes`). */
  private readonly headers: Record<Sender, { data: number; control: number }> = { client: { data: 0, control: 0 }, server: { data: 0, control: 0 } }

  constructor(
    private readonly hub: CapturesHub,
    readonly captureId: string,
  ) {}

  /** Publishes an event that carries no payloads (the same for every subscriber). */
  publish(event: CaptureEvent, keep = false): void {
    this.hub.publish(this.captureId, () => event, keep)
  }

  decoded(sender: Sender, event: DecoderEvent, action: 'relayed' | 'dropped', t: number): void {
    const captureId = this.captureId
    switch (event.kind) {
      case 'frame':
        if (event.opcode >= 8) this.headers[sender].control = event.headerLength
        else this.headers[sender].data += event.headerLength
        this.frame(sender, event.index, action, frameJson(event), encodeFrameHeader(event), event.payload ?? NO_BYTES, t)
        break
      case 'message': {
        const { index, data, compressed, wireLength, frameCount, firstFrame, closeCode, closeReason } = event
        const headers = this.headers[sender]
        const control = event.type !== 'text' && event.type !== 'binary'
        const headerBytes = control ? headers.control : headers.data
        if (!control) headers.data = 0
        const record: FeedMessage = {
          type: 'message',
          captureId,
          t,
          sender,
          index,
          messageType: event.type,
          data,
          size: data.length,
          compressed,
          wireLength,
          frameCount,
          firstFrame,
          headerBytes,
          closeCode,
          closeReason,
        }
        this.hub.publish(captureId, { record })
        break
      }
      case 'finding':
        this.publish({ type: 'finding', captureId, t, sender, finding: event.finding })
    }
  }

  /** A frame the tap wrote itself, described from its bytes as the decoder would. */
  injected(sender: Sender, frame: Uint8Array, offset: number, t: number): void {
    const json = frameJsonOf(frame, offset)
    const payload = frame.subarray(json.headerLength)
    this.frame(sender, null, 'injected', json, frame.subarray(0, json.headerLength), payload, t)
    if (json.fin && (json.opcode === Opcode.TEXT || json.opcode === Opcode.BINARY)) {
      const type = json.opcode === Opcode.TEXT ? 'text' : 'binary'
      this.outcome(
        sender,
        {
          index: null,
          messageType: type,
          mark: 'injected',
          rule: null,
          holdId: null,
          expiresAt: null,
          original: payload,
          delivered: payload,
          deliveredWire: frame,
          reason: 'injected by the tap',
        },
        t,
      )
    }
  }

  /** How a message went on under rules (or a held one's fate). */
  outcome(sender: Sender, outcome: MessageOutcome, t: number): void {
    const captureId = this.captureId
    const { original, delivered, deliveredWire, ...rest } = outcome
    this.hub.publish(captureId, (limit) => ({
      type: 'message-outcome',
      captureId,
      t,
      sender,
      ...rest,
      original: bytesToJson(original, limit),
      delivered: delivered && bytesToJson(delivered, limit),
      deliveredWire: deliveredWire && bytesToJson(deliveredWire, limit),
    }))
  }

  finding(sender: Sender, finding: Finding, t: number): void {
    this.publish({ type: 'finding', captureId: this.captureId, t, sender, finding })
  }

  private frame(
    sender: Sender,
    index: number | null,
    action: CaptureFrame['action'],
    fields: FrameJson,
    header: Uint8Array,
    payload: Uint8Array,
    t: number,
  ): void {
    const captureId = this.captureId
    this.hub.publish(captureId, { record: { type: 'frame', captureId, t, sender, index, action, offset: fields.offset, header, payload }, fields })
  }
}
