import type { Socket } from 'node:net'
import { CAPTURE_ID_PATTERN } from '../shared/capture-api.ts'
import { headerPairs } from './http-head.ts'
import { checkKnownParams, flagParam } from './query-params.ts'
import type { UpgradeHandler } from './server-context.ts'
import { startTap } from './tap-relay.ts'
import { tapSettings, type TapSessions, type TapSettings } from './tap-sessions.ts'
import { RequestRefused } from './upgrade-request.ts'

/** `token` is the access token browsers present (checked before the tap starts). */
const TAP_PARAMS = ['target', 'capture', 'origin', 'insecure', 'session', 'token']

/** `/tap?target=<ws or wss URL>&capture=<id>` or `/tap?session=<id>&capture=<id>` (see capture-api.ts). */
export const handleTap: UpgradeHandler = (req, socket, head, url, context) => {
  const params = url.searchParams
  checkKnownParams(params, TAP_PARAMS)
  const capture = params.get('capture')
  if (capture !== null && !CAPTURE_ID_PATTERN.test(capture)) {
    throw new RequestRefused(400, `capture must be 1 to 64 letters, digits, "_", "." or "-", not "${capture}"`)
  }
  startTap(
    {
      mode: 'tap',
      captureId: capture,
      settings: settingsFrom(params, context.taps),
      socket: socket as Socket,
      head,
      headers: headerPairs(req.rawHeaders),
      address: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
    },
    context,
  )
}

function settingsFrom(params: URLSearchParams, taps: TapSessions): TapSettings {
  const id = params.get('session')
  if (id === null)
    return tapSettings({ target: params.get('target') ?? undefined, origin: params.get('origin') ?? undefined, insecure: flagParam(params, 'insecure', false) })
  if (params.has('target') || params.has('origin') || params.has('insecure')) {
    throw new RequestRefused(400, 'give either session (whose settings were registered with POST /api/taps) or target, origin and insecure, not both')
  }
  const settings = taps.get(id)
  if (!settings) throw new RequestRefused(404, `no tap session "${id}" (it was never registered with POST /api/taps, or the server has restarted since)`)
  return settings
}
