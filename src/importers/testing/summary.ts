/** Test support: a session's messages as short comparable tuples. */
import { utf8Decode } from '../../protocol/index.ts'
import type { Session } from '../../shared/session.ts'

export function messageSummary(session: Session): [string, string, string][] {
  return session.messages.map((m) => [
    m.sender,
    m.type,
    m.type === 'binary' ? `${m.data.length} bytes` : m.type === 'close' ? `${m.closeCode} ${m.closeReason}` : utf8Decode(m.data),
  ])
}
