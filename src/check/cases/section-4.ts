import { Opcode } from '../../protocol/index.ts'
import type { CheckCase } from '../case-definition.ts'
import { echoText, FAIL_PROTOCOL, frameCase, utf8 } from './helpers.ts'

const RFC = 'RFC 6455 §5.2'
const HELLO = utf8('Hello, world!')

function reserved(sub: number, n: number, opcode: number): CheckCase {
  const control = opcode >= 8
  const kind = control ? 'control' : 'non-control'
  const base = { section: '4', rfc: RFC, close: FAIL_PROTOCOL, id: `4.${sub}.${n}` }
  const payload = n === 1 ? new Uint8Array(0) : utf8('reserved opcode payload')
  if (n <= 2) {
    return frameCase(
      {
        ...base,
        title: `Send a frame with reserved ${kind} opcode ${opcode}${n === 2 ? ' and a payload' : ''}`,
        expectation: 'The connection is failed immediately (1002).',
        expected: { OK: [] },
      },
      () => [{ opcode, payload }],
    )
  }
  return frameCase(
    {
      ...base,
      title: `Send a small text message, then a frame with reserved ${kind} opcode ${opcode}${n > 3 ? ' and a payload' : ''}, then a Ping`,
      expectation: 'The text message is echoed, then the connection is failed immediately (1002); no Pong.',
      expected: { OK: [echoText(HELLO)], 'NON-STRICT': [] },
    },
    () => [{ opcode: Opcode.TEXT, payload: HELLO }, { opcode, payload: n > 3 ? payload : new Uint8Array(0) }, { opcode: Opcode.PING }],
  )
}

export const SECTION_4: CheckCase[] = [
  ...[3, 4, 5, 6, 7].map((opcode, i) => reserved(1, i + 1, opcode)),
  ...[11, 12, 13, 14, 15].map((opcode, i) => reserved(2, i + 1, opcode)),
]
