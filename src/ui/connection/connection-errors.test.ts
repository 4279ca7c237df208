import { describe, expect, it } from 'vitest'
import type { UpstreamError } from '../../shared/capture-api.ts'
import { explainUpstreamError, unsafePort } from './connection-errors.ts'

const tls = (message: string, code: string | null): UpstreamError => ({ type: 'upstream-error', captureId: 'c', t: 0, kind: 'tls', message, code })

describe('connection errors', () => {
  it('knows the ports browsers refuse (ERR_UNSAFE_PORT)', () => {
    expect(['ws://127.0.0.1:1/', 'ws://h:6667/x', 'wss://h:22'].map(unsafePort)).toEqual([1, 6667, 22])
    expect(['ws://127.0.0.1:8080/', 'ws://h/', 'wss://h:443/', 'not a url'].map(unsafePort)).toEqual([null, null, null, null])
  })

  it("keeps the system's own words out of the headline", () => {
    const refused: UpstreamError = {
      type: 'upstream-error',
      captureId: 'c',
      t: 0,
      kind: 'refused',
      message: 'connection to 127.0.0.1:9 refused: nothing listens there',
      code: 'ECONNREFUSED',
    }
    expect(explainUpstreamError(refused).split('\n')).toEqual([
      "Through the tap: connection refused (ECONNREFUSED): nothing listens on the target's host and port.",
      'connection to 127.0.0.1:9 refused: nothing listens there',
    ])
  })

  it('explains an OpenSSL failure in words, keeping the raw text as the detail', () => {
    const raw = 'TLS handshake with localhost failed: C0D7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'
    const [headline, detail] = explainUpstreamError(tls(raw, 'ERR_SSL_WRONG_VERSION_NUMBER')).split('\n')
    expect(headline).toBe(
      'Through the tap: the TLS handshake failed: the target does not speak TLS on that port: try ws:// instead of wss://, or the TLS port.',
    )
    expect(detail).toBe(`${raw} (ERR_SSL_WRONG_VERSION_NUMBER)`)
    expect(explainUpstreamError(tls('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'))).toMatch(
      /^Through the tap: the TLS handshake failed: the target’s certificate is self-signed.*Accept any certificate/,
    )
    expect(explainUpstreamError(tls('certificate has expired', 'CERT_HAS_EXPIRED')).split('\n')[0]).toBe(
      'Through the tap: the TLS handshake failed: the target’s certificate has expired.',
    )
  })
})
