import { describe, expect, it } from 'vitest'
import { emptySession } from '../../shared/session.ts'
import { sessionExportFile } from './session-export.ts'

const session = () =>
  emptySession({
    id: 's1',
    source: 'tap',
    url: 'wss://api.example/feed?token=url-secret&room=1',
    handshake: {
      request: {
        method: 'GET',
        url: '/feed?token=url-secret&room=1',
        httpVersion: 'HTTP/1.1',
        headers: [
          ['Host', 'api.example'],
          ['Authorization', 'Bearer header-secret'],
          ['Cookie', 'sid=cookie-secret'],
        ],
      },
      response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: [['Set-Cookie', 'sid=server-secret; HttpOnly']] },
    },
  })

const SECRETS = ['url-secret', 'header-secret', 'cookie-secret', 'server-secret']

describe('exported sessions', () => {
  it.each(['json', 'har'] as const)('leave credentials out of %s by default, and keep the rest', (format) => {
    const file = sessionExportFile(session(), format)
    for (const secret of SECRETS) expect(file.text).not.toContain(secret)
    expect(file.text).toContain('Bearer [redacted]')
    expect(file.text).toContain('room=1')
    expect(file.name).not.toContain('secret')
  })

  it.each(['json', 'har'] as const)('keep them in %s when asked to', (format) => {
    const file = sessionExportFile(session(), format, true)
    for (const secret of SECRETS) expect(file.text).toContain(secret)
  })
})
