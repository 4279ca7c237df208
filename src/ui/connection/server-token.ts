/**
 * The companion server's access token (see capture-api.ts), which the tap and the captures API
 * want from the app. Fetched at each use rather than kept: a restarted server has a new one.
 */
import { TOKEN_PATH, type TokenResponse } from '../../shared/capture-api.ts'

export async function serverToken(): Promise<string> {
  const response = await fetch(TOKEN_PATH, { cache: 'no-store' })
  if (!response.ok) throw new Error(`${TOKEN_PATH} answered ${response.status} ${response.statusText}`)
  return ((await response.json()) as TokenResponse).token
}
