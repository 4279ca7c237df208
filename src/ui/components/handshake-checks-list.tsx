import type { HandshakeCheck } from '../../protocol/index.ts'
import './handshake-checks-list.css'

const SIDES: { side: HandshakeCheck['side']; title: string }[] = [
  { side: 'request', title: 'Request' },
  { side: 'response', title: 'Response' },
  { side: 'exchange', title: 'Response against request' },
]

/** The RFC 6455 §4 checks of a handshake, by side, each passed or failed with its reason. */
export function HandshakeChecksList({ checks }: { checks: HandshakeCheck[] }) {
  return (
    <div className="handshake-checks">
      {SIDES.map(({ side, title }) => {
        const own = checks.filter((c) => c.side === side)
        if (own.length === 0) return null
        return (
          <section key={side} aria-label={`${title} checks`}>
            <h3>{title}</h3>
            <ul className="check-list">
              {own.map((c) => (
                <li key={c.id} className={c.ok ? 'check-ok' : 'check-fail'} data-check={c.id}>
                  <span className={`check-mark ${c.ok ? 'ok' : 'error'}`} aria-label={c.ok ? 'passes' : 'fails'}>
                    {c.ok ? '✓' : '✗'}
                  </span>
                  <span className="check-text">
                    {c.message}
                    {c.detail && <span className="check-detail muted">{c.detail}</span>}
                  </span>
                  <span className="check-rfc muted">{c.rfc}</span>
                </li>
              ))}
            </ul>
          </section>
        )
      })}
    </div>
  )
}
