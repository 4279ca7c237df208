import { engine } from '../connection/app-engine.ts'
import { useConnectionView } from '../connection/use-connection.ts'

/** Browsers answer Pings themselves; off, the tap swallows those Pongs so the server's timeout can be tested. */
export function AutoPongControl({ id, disabled }: { id: string; disabled: boolean }) {
  const enabled = useConnectionView(id, (v) => v.tap.autoPong)
  return (
    <label className="check control-check">
      <input
        type="checkbox"
        checked={enabled}
        disabled={disabled}
        onChange={(e) => void engine.tapCommand(id, { type: 'auto-pong', enabled: e.target.checked })}
      />
      Let this page's Pongs through (auto-pong). Off, the tap swallows them: the server's Pings go unanswered.
    </label>
  )
}
