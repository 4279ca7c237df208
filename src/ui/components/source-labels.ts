import type { SessionSource } from '../../shared/session.ts'

/** Where a session came from, in the list's words. */
export const SOURCE_LABELS: Record<SessionSource, string> = {
  direct: 'Live, direct',
  tap: 'Live, tap',
  proxy: 'Proxy',
  pcap: 'Capture',
  har: 'HAR',
  paste: 'Decoded paste',
  json: 'JSON',
}
