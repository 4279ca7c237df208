import { create } from 'zustand'
import { checkHandshake, parseHandshake, type HandshakeReport, type ParsedHandshake } from '../../protocol/index.ts'
import { LineIndex } from '../../input/index.ts'
import { explainNegotiation, type NegotiationNote } from '../../learn/index.ts'
import type { FindingItem } from '../components/findings-list.tsx'
import { SEED_HANDSHAKE } from '../components/seed-handshake.ts'

interface HandshakeState {
  text: string
  parsed: ParsedHandshake
  report: HandshakeReport
  notes: NegotiationNote[]
  /** What the parser had to say about the text itself (ignored lines, assumed sides), located. */
  parseFindings: FindingItem[]
  setText: (text: string) => void
}

function analyse(text: string) {
  const parsed = parseHandshake(text)
  const report = checkHandshake(parsed)
  const lines = new LineIndex(text)
  const parseFindings = parsed.findings.map((finding) => {
    const { line, column } = lines.locate(finding.offset)
    return { finding, where: finding.length ? `line ${line}, column ${column}` : undefined }
  })
  return { text, parsed, report, notes: explainNegotiation(report), parseFindings }
}

/** The pasted handshake and everything the core says about it, recomputed as it is edited. */
export const useHandshakeStore = create<HandshakeState>()((set) => ({
  ...analyse(SEED_HANDSHAKE),
  setText: (text) => set(analyse(text)),
}))
