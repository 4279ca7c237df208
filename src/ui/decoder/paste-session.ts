/**
 * A decoded paste as a Session (source 'paste'), so it can be saved, reopened in the
 * inspector and exported like any capture: the real frames cut from the pasted bytes, the
 * messages and findings of the decode. A paste has no times: everything is stamped with the
 * moment it was saved.
 */
import { isControlOpcode, type Sender } from '../../protocol/index.ts'
import { formatCount } from '../components/format.ts'
import { emptySession, type Session } from '../../shared/session.ts'
import type { DecodeOutput } from './decode-job.ts'
import { missingText } from './result-views.ts'

export function pasteToSession(output: DecodeOutput, from: Sender, extensions: string, now = Date.now()): Session | null {
  const { capture, input, bytes } = output
  if (!capture || !input) return null
  const arrow = from === 'client' ? 'client → server' : 'server → client'
  const session = emptySession({
    id: crypto.randomUUID(),
    source: 'paste',
    name: `Decoded paste, ${arrow}, ${formatCount(input.byteLength)} bytes`,
    createdAt: now,
    framesReal: true,
    extensions: extensions.trim() || null,
    notes: [`${input.detail}, ${arrow}`, ...(capture.truncated ? [missingText(capture.missingBytes)] : [])],
  })
  for (const f of capture.frames) {
    const payloadStart = f.offset + f.headerLength
    session.frames.push({
      t: now,
      sender: from,
      offset: f.offset,
      header: bytes.slice(f.offset, payloadStart),
      payload: bytes.slice(payloadStart, Math.min(bytes.length, payloadStart + f.payloadLength)),
      messageIndex: null,
      injected: false,
    })
  }
  capture.messages.forEach((m, j) => {
    // A control message is its one frame; a data message is its data frames from the first on.
    const control = m.type !== 'text' && m.type !== 'binary'
    for (let k = m.firstFrame, linked = 0; k < capture.frames.length && linked < m.frameCount; k++) {
      if (control !== isControlOpcode(capture.frames[k].opcode) || session.frames[k].messageIndex !== null) continue
      session.frames[k].messageIndex = j
      linked++
    }
    session.messages.push({
      t: now,
      sender: from,
      type: m.type,
      data: m.data,
      compressed: m.compressed,
      wireLength: m.wireLength,
      frameCount: m.frameCount,
      closeCode: m.closeCode,
      closeReason: m.closeReason,
    })
  })
  for (const finding of capture.findings) session.findings.push({ t: now, sender: from, finding })
  return session
}
