import { useMemo } from 'react'
import { FindingsList } from '../components/findings-list.tsx'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { useDecoderSelectionStore } from './decoder-selection-store.ts'
import { useDecoderInputStore } from './decoder-input-store.ts'
import { findingItems, maskSuggestsDirection } from './result-views.ts'

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
      <DirectionFlip />
      <FindingsList items={items} selected={selected} onSelect={select} />
    </section>
  )
}

const ARROW = { client: 'client → server', server: 'server → client' } as const

/** The first frame's MASK bit says the bytes come from the other side: one click decodes them so. */
function DirectionFlip() {
  const output = useDecoderResultStore((s) => s.output)
  const setFrom = useDecoderInputStore((s) => s.setFrom)
  const suggested = output ? maskSuggestsDirection(output) : null
  if (!suggested) return null
  return (
    <p className="notice direction-flip">
      The first frame is {suggested === 'client' ? 'masked, as only a client’s are' : 'not masked, as only a server’s are'}.{' '}
      <button type="button" onClick={() => setFrom(suggested)}>
        Decode as {ARROW[suggested]}
      </button>
    </p>
  )
}
