/** Test support: a TapRecorder for a connection's first attempt, with callbacks that do nothing. */
import type { Connection } from '../connection.ts'
import { TapRecorder, type TapRecorderCallbacks } from '../tap-recorder.ts'

export function tapRecorder(conn: Connection, url: string, callbacks: Partial<TapRecorderCallbacks> = {}): TapRecorder {
  const ignore = () => {}
  return new TapRecorder(conn, conn.beginAttempt(0, url, true), {
    upstreamFailed: ignore,
    event: ignore,
    feedLost: ignore,
    violation: ignore,
    frames: async () => ({ ok: false, error: 'no frames here' }),
    ...callbacks,
  })
}
