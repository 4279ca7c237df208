import type { CheckCase } from '../case-definition.ts'
import { echoText, NORMAL_CLOSE, repeat, STAR } from './helpers.ts'

const PAYLOAD = repeat(STAR, 65536)

export const SECTION_10: CheckCase[] = [
  {
    id: '10.1.1',
    section: '10',
    title: 'Send a text message of 65536 bytes, fragmented into frames of 1300 bytes',
    expectation: 'The message is echoed whole, with its payload as sent; the server may fragment its echo as it likes.',
    rfc: 'RFC 6455 §5.4',
    expected: { OK: [echoText(PAYLOAD)] },
    close: NORMAL_CLOSE,
    *script(ctx) {
      yield { op: 'send', bytes: ctx.encoder.text('*'.repeat(PAYLOAD.length), { fragmentSize: 1300 }) }
    },
  },
]
