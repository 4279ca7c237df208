/**
 * Sends the draft now, N times, or every N ms, outside React. Back-to-back repeats go out in
 * batches, one batch per task, so a repeat of 100,000 messages never freezes the page.
 */
import { engine } from '../connection/app-engine.ts'
import { useComposeStore } from './compose-store.ts'
import { draftPayload } from './draft-payload.ts'

const BATCH = 500

let timer: ReturnType<typeof setTimeout> | null = null

/** The draft as a payload, or null (with the problem shown) when it cannot be sent. */
function currentPayload(): string | Uint8Array<ArrayBuffer> | null {
  const { format, bodies } = useComposeStore.getState()
  const payload = draftPayload(format, bodies[format])
  if (!payload.ok) {
    useComposeStore.setState({ problem: payload.error })
    return null
  }
  return payload.value
}

export function sendOnce(id: string): void {
  const data = currentPayload()
  if (data === null) return
  useComposeStore.setState({ problem: engine.send(id, data) })
}

export function startRepeat(id: string): void {
  stopRepeat()
  const data = currentPayload()
  if (data === null) return
  const { count, everyMs } = useComposeStore.getState()
  const total = count > 0 ? count : null
  let sent = 0
  const tick = () => {
    const batch = everyMs > 0 ? 1 : BATCH
    for (let i = 0; i < batch && (total === null || sent < total); i++) {
      const problem = engine.send(id, data)
      if (problem) {
        useComposeStore.setState({ problem, repeat: null })
        timer = null
        return
      }
      sent++
    }
    const done = total !== null && sent >= total
    useComposeStore.setState({ repeat: done ? null : { sent, total } })
    timer = done ? null : setTimeout(tick, everyMs)
  }
  tick()
}

export function stopRepeat(): void {
  if (timer !== null) clearTimeout(timer)
  timer = null
  useComposeStore.setState({ repeat: null })
}
