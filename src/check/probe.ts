import type { CheckCase } from './case-definition.ts'
import { echoText, NORMAL_CLOSE } from './cases/helpers.ts'

const PROBE_TEXT = 'wsinspect check: echo probe'

/**
 * Not a conformance case: whether the target echoes at all. The cases assume an echo server
 * (as Autobahn's do), so a target that fails this cannot be tested (exit status 2).
 */
export const ECHO_PROBE: CheckCase = {
  id: 'probe',
  section: 'probe',
  title: 'Echo probe',
  expectation: 'A text message is echoed.',
  rfc: 'RFC 6455 §6',
  expected: { OK: [echoText(PROBE_TEXT)] },
  close: NORMAL_CLOSE,
  *script(ctx) {
    yield { op: 'send', bytes: ctx.encoder.text(PROBE_TEXT) }
  },
}
