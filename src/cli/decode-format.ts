import {
  annotateFrame,
  describeCloseCode,
  encodeFrameHeader,
  messagePreview,
  opcodeLabel,
  type DecodedCapture,
  type DeflateParams,
  type FrameRecord,
  type MessageRecord,
  type Sender,
} from '../protocol/index.ts'
import { type RecognisedInput } from '../input/index.ts'
import { makeStyler } from './style.ts'

interface FormatContext {
  file: string
  input: RecognisedInput
  from: Sender
  deflate: DeflateParams | null
  stream: NodeJS.WriteStream
}

/** The terminal view of a decoded capture, line by line: one block per frame, then the messages, then the verdict. */
export function* formatCapture(capture: DecodedCapture, ctx: FormatContext): Generator<string> {
  const s = makeStyler(ctx.stream)
  const direction = ctx.from === 'client' ? 'client → server' : 'server → client'
  yield (
    s('bold', `${ctx.file === '-' ? 'standard input' : ctx.file}`) +
    s('dim', `  ${ctx.input.detail}, ${ctx.input.bytes.length} bytes, ${direction}${ctx.deflate ? ', permessage-deflate' : ''}`)
  )
  yield ''

  for (const frame of capture.frames) {
    yield* formatFrame(frame, ctx, s)
    yield ''
  }

  yield s('bold', `Messages (${capture.messages.length})`)
  for (const m of capture.messages) yield formatMessage(m, s)
  if (capture.messages.length === 0) yield s('dim', '  none')
  yield ''

  for (const w of capture.findings.filter((f) => f.severity !== 'error')) {
    yield s('yellow', `warning at offset ${w.offset}: ${w.message} (${w.rfc})`)
  }
  const summary = `${capture.frames.length} frame${capture.frames.length === 1 ? '' : 's'}, ${capture.messages.length} message${capture.messages.length === 1 ? '' : 's'}`
  if (capture.error) {
    const e = capture.error
    const name = describeCloseCode(e.closeCode ?? 1002).name
    yield s('red', `error at offset ${e.offset}: ${e.message}`)
    yield s('red', `  a conforming endpoint closes with ${e.closeCode} ${name} (${e.rfc}); decoding stopped here`)
  } else if (capture.truncated) {
    yield s('yellow', `truncated: the input ends inside a frame (at least ${capture.missingBytes} more byte${capture.missingBytes === 1 ? '' : 's'} needed)`)
  }
  yield s(capture.error ? 'red' : 'green', `${summary}${capture.error ? ', protocol error' : ', no protocol errors'}`)
}

function formatFrame(frame: FrameRecord, ctx: FormatContext, s: ReturnType<typeof makeStyler>): string[] {
  const out: string[] = []
  const flags = [frame.fin ? 'FIN' : 'not final', frame.masked ? 'masked' : 'unmasked', frame.rsv1 ? 'RSV1' : ''].filter(Boolean).join(', ')
  out.push(
    s('cyan', `Frame ${frame.index < 0 ? '(partial)' : frame.index}`) +
      ` at offset ${frame.offset}: ${opcodeLabel(frame.opcode)} (${flags}), header ${frame.headerLength} + payload ${frame.payloadLength} bytes` +
      (frame.truncated ? s('yellow', ' — truncated') : ''),
  )
  // The record re-encodes to its exact header bytes, so the table-driven annotation applies.
  const annotation = frame.index < 0 ? null : annotateFrame(encodeFrameHeader(frame), { deflate: ctx.deflate !== null })
  for (const field of annotation?.fields ?? []) {
    if (field.id === 'websocket.payload') continue
    const shown = field.id === 'websocket.masking_key' ? field.valueLabel : field.raw.length > 16 ? String(field.value) : field.raw
    out.push(`  ${field.label.padEnd(30)} ${s('bold', shown.padEnd(12))} ${s('dim', field.meaning)}`)
  }
  return out
}

function formatMessage(m: MessageRecord, s: ReturnType<typeof makeStyler>): string {
  const frames = m.frameCount === 1 ? '1 frame' : `${m.frameCount} frames`
  const size = m.compressed
    ? `${m.data.length} bytes (${m.wireLength} compressed, ${(m.data.length / Math.max(1, m.wireLength)).toFixed(2)}×)`
    : `${m.data.length} bytes`
  const head = `  #${m.index} ${s('bold', m.type.padEnd(6))} ${size}, ${frames}`
  // Quoted, so an empty text or one with spaces at its ends reads as text.
  const preview = messagePreview(m)
  return `${head}  ${m.type === 'text' ? JSON.stringify(preview) : preview}`
}
