import { useComposeStore } from './compose-store.ts'
import { startRepeat, stopRepeat } from './send-repeater.ts'

/** Send the draft N times, every N ms (0 ms: back to back; 0 times: until stopped). */
export function RepeatControls({ id, disabled }: { id: string; disabled: boolean }) {
  const count = useComposeStore((s) => s.count)
  const everyMs = useComposeStore((s) => s.everyMs)
  const running = useComposeStore((s) => s.repeat !== null)
  const { setRepeat } = useComposeStore.getState()
  return (
    <div className="repeat">
      <label>
        ×
        <input
          type="number"
          min={0}
          aria-label="Times (0: until stopped)"
          value={count}
          onChange={(e) => setRepeat({ count: Math.max(0, Number(e.target.value) || 0) })}
        />
      </label>
      <label>
        every
        <input
          type="number"
          min={0}
          step={100}
          aria-label="Every (ms)"
          value={everyMs}
          onChange={(e) => setRepeat({ everyMs: Math.max(0, Number(e.target.value) || 0) })}
        />
        ms
      </label>
      <button type="button" disabled={disabled && !running} onClick={() => (running ? stopRepeat() : startRepeat(id))}>
        {running ? 'Stop' : 'Repeat'}
      </button>
    </div>
  )
}
