import { useMemo } from 'react'
import { HexDump } from '../components/hex-dump.tsx'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { useDecoderSelectionStore } from './decoder-selection-store.ts'
import { inputHighlights } from './result-views.ts'

/** All the decoded bytes, every finding marked at its offset and the chosen frame tinted. */
export function InputBytesPanel() {
  const output = useDecoderResultStore((s) => s.output)
  const frameIndex = useDecoderSelectionStore((s) => s.frame)
  const highlights = useMemo(() => (output ? inputHighlights(output, frameIndex) : []), [output, frameIndex])
  if (!output?.capture || output.bytes.length === 0) return null
  return (
    <section aria-labelledby="decoder-input-bytes">
      <h2 id="decoder-input-bytes">Input bytes</h2>
      <HexDump bytes={output.bytes} highlights={highlights} maxRows={10} ariaLabel="Input bytes" />
    </section>
  )
}
