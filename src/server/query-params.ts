/**
 * Query parameters of the WebSocket endpoints, read strictly: a typo or a value out of range
 * is refused with a message naming the parameter and what it accepts, never guessed at.
 */
import { RequestRefused } from './upgrade-request.ts'

function badQuery(message: string): RequestRefused {
  return new RequestRefused(400, message)
}

/** Refuses parameters the endpoint does not know (a misspelt one would be silently ignored). */
export function checkKnownParams(params: URLSearchParams, known: readonly string[]): void {
  for (const name of params.keys()) {
    if (!known.includes(name)) {
      throw badQuery(`unknown query parameter "${name}"${known.length ? ` (known: ${known.join(', ')})` : ''}`)
    }
  }
}

export function intParam(params: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const value = params.get(name)
  if (value === null) return fallback
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw badQuery(`${name} must be a whole number from ${min} to ${max}, not "${value}"`)
  }
  return Number(value)
}

/** A switch: present alone or as 1/true turns it on, 0/false off. */
export function flagParam(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = params.get(name)
  if (value === null) return fallback
  if (value === '' || value === '1' || value === 'true') return true
  if (value === '0' || value === 'false') return false
  throw badQuery(`${name} is a switch: give it alone or as ${name}=1 or ${name}=0, not "${value}"`)
}
