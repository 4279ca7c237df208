/** The engine's TapDeps in the app: the shared captures connection and POST /api/taps on this origin. */
import { TAPS_PATH, TOKEN_HEADER, type ApiError, type TapSessionResponse } from '../../shared/capture-api.ts'
import { err, ok } from '../../protocol/index.ts'
import { captures } from './captures-client.ts'
import type { TapDeps } from './engine-ports.ts'
import { serverToken } from './server-token.ts'

export const browserTap: TapDeps = {
  subscribe: (captureId, handler, showSecrets) => captures.subscribe(captureId, handler, showSecrets),
  unsubscribe: (captureId) => captures.unsubscribe(captureId),
  subscribeAll: (handler) => captures.subscribeAll(handler),
  listen: (captureId, handler) => captures.listen(captureId, handler),
  command: (command) => captures.command(command),
  frames: (captureId, request) => captures.frames(captureId, request),
  session: async (request) => {
    const headers = { 'Content-Type': 'application/json', [TOKEN_HEADER]: await serverToken() }
    const response = await fetch(TAPS_PATH, { method: 'POST', headers, body: JSON.stringify(request) })
    const body = (await response.json()) as TapSessionResponse | ApiError
    return 'error' in body ? err(body.error) : ok(body.tapPath)
  },
  origin: () => location.origin,
  token: serverToken,
}
