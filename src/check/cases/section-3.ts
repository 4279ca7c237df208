import { Opcode, type FrameSpec } from '../../protocol/index.ts'
import type { CheckCase } from '../case-definition.ts'
import { echoText, FAIL_PROTOCOL, frameCase, utf8, x, type Chopping } from './helpers.ts'

const RFC = 'RFC 6455 §5.2'
const HELLO = utf8('Hello, world!')

function rsvBits(rsv: number): Pick<FrameSpec, 'rsv1' | 'rsv2' | 'rsv3'> {
  return { rsv1: (rsv & 4) !== 0, rsv2: (rsv & 2) !== 0, rsv3: (rsv & 1) !== 0 }
}

function alone(n: number, what: string, spec: FrameSpec): CheckCase {
  return frameCase(
    {
      id: `3.${n}`,
      section: '3',
      title: `Send ${what} with RSV = ${n}`,
      expectation: 'The connection is failed immediately (1002): RSV must be 0 when no extension gives it a meaning.',
      rfc: RFC,
      expected: { OK: [] },
      close: FAIL_PROTOCOL,
    },
    () => [{ ...spec, ...rsvBits(n) }],
  )
}

function afterEcho(n: number, chopping: Chopping): CheckCase {
  const how = chopping === 'frame' ? ', in frame-wise chops' : chopping === 'octet' ? ', in octet-wise chops' : ''
  return frameCase(
    {
      id: `3.${n}`,
      section: '3',
      title: `Send a small text message, then again with RSV = ${n}, then a Ping${how}`,
      expectation: 'The first message is echoed, then the connection is failed immediately (1002); no Pong.',
      rfc: RFC,
      expected: { OK: [echoText(HELLO)], 'NON-STRICT': [] },
      close: FAIL_PROTOCOL,
    },
    () => [{ opcode: Opcode.TEXT, payload: HELLO }, { opcode: Opcode.TEXT, payload: HELLO, ...rsvBits(n) }, { opcode: Opcode.PING }],
    chopping,
    chopping === 'frame' ? 10 : 0,
  )
}

export const SECTION_3: CheckCase[] = [
  alone(1, 'a small text message', { opcode: Opcode.TEXT, payload: HELLO }),
  afterEcho(2, 'one'),
  afterEcho(3, 'frame'),
  afterEcho(4, 'octet'),
  alone(5, 'a small binary message', { opcode: Opcode.BINARY, payload: x('00 ff fe fd fc fb 00 ff') }),
  alone(6, 'a Ping', { opcode: Opcode.PING, payload: HELLO }),
  alone(7, 'a Close', { opcode: Opcode.CLOSE, payload: x('03 e8') }),
]
