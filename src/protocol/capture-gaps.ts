/**
 * Recovery after bytes lost from a capture (a gap): what the lost bytes may have changed, and
 * the findings that say so. A message cut by the gap is kept, marked; frames that continue a
 * message begun before it are listed but not assembled; with context takeover the LZ77
 * window is lost, so later compressed messages keep their compressed bytes (RFC 7692 §7.1.1).
 */
import type { Sender } from './sender.ts'
import { finding, type Finding } from './findings.ts'
import type { FrameCut, FrameRecord } from './frame-parser.ts'
import { opcodeLabel } from './opcodes.ts'

export class GapRecovery {
  /** The current frames end a message whose start was lost: listed, not assembled. */
  inLostMessage = false
  /** With context takeover, the compression window was lost: compressed messages stay compressed. */
  contextLost = false
  private contextLossReported = false

  /** A continuation frame right after a gap (or after one such): the first of a lost message gets a finding. */
  continueLostMessage(frame: FrameRecord): Finding | null {
    const first = !this.inLostMessage
    this.inLostMessage = true
    if (!first) return null
    const text =
      "continuation frame of a message that began before a gap: that message's frames are listed but not assembled, since its type and first bytes were lost"
    return finding('gap.message-start-lost', text, frame.offset, frame.headerLength)
  }

  /** A compressed message starts: once the window is lost, the first one gets a finding. */
  compressedMessage(frame: FrameRecord, sender: Sender): Finding | null {
    if (!this.contextLost || this.contextLossReported) return null
    this.contextLossReported = true
    const text = `compressed messages after a gap cannot be inflated: with context takeover each is compressed against the ones before it, and the gap lost that LZ77 window; this and every later compressed message from the ${sender} keep their compressed bytes`
    return finding('gap.deflate-context-lost', text, frame.offset, frame.headerLength)
  }
}

/** What a gap cut, in words: `cut` is where the parser was. */
export function describeCut(cut: FrameCut | null): string {
  if (!cut) return ''
  return 'frame' in cut
    ? `${opcodeLabel(cut.frame.opcode)} frame with ${cut.received} of its ${cut.frame.payloadLength} payload bytes`
    : `frame header with ${cut.header.length} of its bytes`
}

/** A data message cut by a gap at `offset`: kept with the bytes decoded before it. */
export function messageCutFinding(type: string, decoded: number, messageOffset: number, offset: number, length: number, cut: FrameCut | null): Finding {
  const what = describeCut(cut)
  const text = `${type} message cut by a gap of ${length} bytes: the ${decoded} bytes decoded before it are kept, the rest is lost${what ? ` (the gap cuts its ${what})` : ''}`
  return finding('gap.message-cut', text, messageOffset, offset - messageOffset)
}

/** A frame (control, or of a lost message) or a header cut by a gap at `offset`. */
export function frameCutFinding(cut: FrameCut, offset: number, length: number): Finding {
  const start = 'frame' in cut ? cut.frame.offset : cut.offset
  return finding('gap.frame-cut', `a gap of ${length} bytes cuts a ${describeCut(cut)}`, start, offset - start)
}
