import { Opcode } from '../../protocol/index.ts'
import type { CheckCase } from '../case-definition.ts'
import { FAIL_PROTOCOL, frameCase, NORMAL_CLOSE, pong, repeat, utf8, x, FE, type Chopping } from './helpers.ts'

const RFC = 'RFC 6455 §5.5.2'

function pingCase(n: string, title: string, payload: Uint8Array, chopping: Chopping = 'one'): CheckCase {
  return frameCase(
    {
      id: `2.${n}`,
      section: '2',
      title,
      expectation: "A Pong with the Ping's payload; clean close with 1000.",
      rfc: RFC,
      expected: { OK: [pong(payload)] },
      close: NORMAL_CLOSE,
    },
    () => [{ opcode: Opcode.PING, payload }],
    chopping,
  )
}

const PINGS = Array.from({ length: 10 }, (_, i) => utf8(`payload-${i}`))

function tenPings(n: string, chopping: Chopping): CheckCase {
  return frameCase(
    {
      id: `2.${n}`,
      section: '2',
      title: `Send 10 Pings with payload${chopping === 'octet' ? ', in octet-wise chops' : ''}`,
      expectation: 'Pongs for all the Pings, with their payloads (NON-STRICT: only for the last, RFC 6455 §5.5.3 allows it).',
      rfc: 'RFC 6455 §5.5.3',
      expected: { OK: PINGS.map((p) => pong(p)), 'NON-STRICT': [pong(PINGS[9])] },
      close: NORMAL_CLOSE,
    },
    () => PINGS.map((payload) => ({ opcode: Opcode.PING, payload })),
    chopping,
  )
}

export const SECTION_2: CheckCase[] = [
  pingCase('1', 'Send a Ping without payload', new Uint8Array(0)),
  pingCase('2', 'Send a Ping with a small text payload', utf8('Hello, world!')),
  pingCase('3', 'Send a Ping with a small binary (non UTF-8) payload', x('00 ff fe fd fc fb 00 ff')),
  pingCase('4', 'Send a Ping with a binary payload of 125 octets', repeat(FE, 125)),
  frameCase(
    {
      id: '2.5',
      section: '2',
      title: 'Send a Ping with a binary payload of 126 octets',
      expectation: 'The connection is failed immediately (1002): control frames carry at most 125 octets.',
      rfc: 'RFC 6455 §5.5',
      expected: { OK: [] },
      close: FAIL_PROTOCOL,
    },
    () => [{ opcode: Opcode.PING, payload: repeat(FE, 126) }],
  ),
  pingCase('6', 'Send a Ping with a binary payload of 125 octets, in octet-wise chops', repeat(FE, 125), 'octet'),
  frameCase(
    {
      id: '2.7',
      section: '2',
      title: 'Send an unsolicited Pong without payload',
      expectation: 'Nothing; clean close with 1000.',
      rfc: 'RFC 6455 §5.5.3',
      expected: { OK: [] },
      close: NORMAL_CLOSE,
    },
    () => [{ opcode: Opcode.PONG }],
  ),
  frameCase(
    {
      id: '2.8',
      section: '2',
      title: 'Send an unsolicited Pong with payload',
      expectation: 'Nothing; clean close with 1000.',
      rfc: 'RFC 6455 §5.5.3',
      expected: { OK: [] },
      close: NORMAL_CLOSE,
    },
    () => [{ opcode: Opcode.PONG, payload: utf8('unsolicited pong payload') }],
  ),
  frameCase(
    {
      id: '2.9',
      section: '2',
      title: 'Send an unsolicited Pong with payload, then a Ping with payload',
      expectation: 'A Pong for the Ping only; clean close with 1000.',
      rfc: 'RFC 6455 §5.5.3',
      expected: { OK: [pong('ping payload')] },
      close: NORMAL_CLOSE,
    },
    () => [
      { opcode: Opcode.PONG, payload: utf8('unsolicited pong payload') },
      { opcode: Opcode.PING, payload: utf8('ping payload') },
    ],
  ),
  tenPings('10', 'one'),
  tenPings('11', 'octet'),
]
