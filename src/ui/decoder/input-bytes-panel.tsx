import { useMemo } from 'react'
import { HexDump } from '../components/hex-dump.tsx'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { useDecoderSelectionStore } from './decoder-selection-store.ts'
import { inputHighlights } from './result-views.ts'

/** All the decoded bytes, every finding marked at its offset and the chosen frame tinted and scrolled to. */
export function InputBytesPanel() {
  const output = useDecoderResultStore((s) => s.output)
  const frameIndex = useDecoderSelectionStore((s) => s.frame)
  const findingIndex = useDecoderSelectionStore((s) => s.finding)
  const highlights = useMemo(() => (output ? inputHighlights(output, frameIndex) : []), [output, frameIndex])
  if (!output?.capture || output.bytes.length === 0) return null
  // The selected finding's first byte, else the selected frame's: a 10 MB input scrolls to it.
  const finding = findingIndex !== null ? output.findings[findingIndex]?.finding : undefined
  const reveal = finding?.offset ?? (frameIndex !== null ? output.capture.frames[frameIndex]?.offset : undefined) ?? null
  return (
    <section aria-labelledby="decoder-input-bytes">
      <h2 id="decoder-input-bytes">Input bytes</h2>
      <HexDump bytes={output.bytes} highlights={highlights} maxRows={10} ariaLabel="Input bytes, hex dump" revealOffset={reveal} />
    </section>
  )
}
