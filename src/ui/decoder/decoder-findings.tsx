import { useMemo } from 'react'
import { FindingsList } from '../components/findings-list.tsx'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { useDecoderSelectionStore } from './decoder-selection-store.ts'
import { findingItems } from './result-views.ts'

/** The decode's findings; choosing one marks it in the paste and opens its frame. */
export function DecoderFindings() {
  const output = useDecoderResultStore((s) => s.output)
  const selected = useDecoderSelectionStore((s) => s.finding)
  const select = useDecoderSelectionStore((s) => s.selectFinding)
  const items = useMemo(() => (output ? findingItems(output) : []), [output])
  if (items.length === 0) return null
  return (
    <section aria-labelledby="decoder-findings">
      <h2 id="decoder-findings">Findings</h2>
      <FindingsList items={items} selected={selected} onSelect={select} />
    </section>
  )
}
