import type { KeyboardEvent } from 'react'
import { connections } from '../connection/connections.ts'
import { useConnectionView } from '../connection/use-connection.ts'
import { formatCount } from '../components/format.ts'
import { stepPin } from './pin-step.ts'

/** Selects the next (+1) or previous (−1) pinned message the log shows; the log scrolls to it. */
export function stepToPin(id: string, by: 1 | -1): void {
  const connection = connections.get(id)
  if (!connection) return
  const { log, pins, selected } = connection.view.getState()
  const pin = stepPin(pins, selected, by, (i) => {
    const row = log.scan.rowOf(i)
    return row >= 0 && row < log.rows
  })
  if (pin !== null) connection.select(pin)
}

/** P pins or unpins the selected message, N and Shift+N go to the next and previous pin. */
export function pinKey(id: string, e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false
  const key = e.key.toLowerCase()
  if (key === 'p') {
    const connection = connections.get(id)
    const selected = connection?.view.getState().selected
    if (selected !== null && selected !== undefined) connection!.togglePin(selected)
    return true
  }
  if (key === 'n') {
    stepToPin(id, e.shiftKey ? -1 : 1)
    return true
  }
  return false
}

/** "Pin" / "Unpin" for the selected message (P in the log). */
export function PinButton({ id, index }: { id: string; index: number }) {
  const pinned = useConnectionView(id, (v) => v.pins.includes(index))
  return (
    <button
      type="button"
      aria-pressed={pinned}
      title="Pin this message to come back to it (P in the log; N, Shift+N: next, previous pin)"
      onClick={() => connections.get(id)?.togglePin(index)}
    >
      {pinned ? 'Unpin' : 'Pin'}
    </button>
  )
}

/** How many pins, and Previous pin / Next pin; nothing while there is no pin. */
export function PinSteps({ id }: { id: string }) {
  const count = useConnectionView(id, (v) => v.pins.length)
  if (count === 0) return null
  return (
    <span className="pin-steps" role="group" aria-label="Pins">
      <span className="pin-mark" aria-hidden="true">
        ⚑
      </span>
      <span className="muted">{formatCount(count)}</span>
      <button type="button" aria-label="Previous pin" title="Previous pin (Shift+N in the log)" onClick={() => stepToPin(id, -1)}>
        ↑
      </button>
      <button type="button" aria-label="Next pin" title="Next pin (N in the log)" onClick={() => stepToPin(id, 1)}>
        ↓
      </button>
    </span>
  )
}
