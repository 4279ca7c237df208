import { utf8Decode } from '../protocol/index.ts'
import type { Observed } from './case-definition.ts'

export function sameEvents(a: readonly Observed[], b: readonly Observed[]): boolean {
  return a.length === b.length && a.every((x, i) => sameEvent(x, b[i]))
}

function sameEvent(a: Observed, b: Observed): boolean {
  if (a.kind === 'timeout' || b.kind === 'timeout') return a.kind === b.kind && (a as { mark: string }).mark === (b as { mark: string }).mark
  if (a.kind !== b.kind) return false
  if (a.kind === 'message' && (b as { type: string }).type !== a.type) return false
  return sameBytes(a.data, b.data)
}

export function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}

/** A short description of an event for one-line reports. */
export function describeEvent(event: Observed): string {
  if (event.kind === 'timeout') return `pause ${event.mark} ran out`
  const size = `${event.data.length} B`
  if (event.kind === 'message') {
    const preview = event.type === 'text' && event.data.length <= 24 ? ` ${JSON.stringify(utf8Decode(event.data))}` : ''
    return `${event.type} message (${size})${preview}`
  }
  return `${event.kind} (${size})`
}

export function describeEvents(events: readonly Observed[]): string {
  if (events.length === 0) return 'nothing received'
  const shown = events.slice(0, 4).map(describeEvent)
  if (events.length > 4) shown.push(`${events.length - 4} more`)
  return `received ${shown.join(', ')}`
}
