import { Opcode, toHex } from '../../protocol/index.ts'
import type { CaseContext, CheckCase } from '../case-definition.ts'
import { concat, echoText, FAIL_PAYLOAD, frameCase, NORMAL_CLOSE, pause, timeout, utf8, x } from './helpers.ts'
import { UTF8_GROUPS } from './utf8-sequences.ts'

const RFC = 'RFC 6455 §8.1'
const MIXED = 'Hello-µ@ßöäüàá-UTF-8!!'

function valid(id: string, title: string, payload: Uint8Array, parts: Uint8Array[]): CheckCase {
  return frameCase(
    {
      id,
      section: '6',
      title,
      expectation: 'The message is echoed; clean close with 1000.',
      rfc: RFC,
      expected: { OK: [echoText(payload)] },
      close: NORMAL_CLOSE,
    },
    () =>
      parts.map((payload, i) => ({
        opcode: i === 0 ? Opcode.TEXT : Opcode.CONTINUATION,
        fin: i === parts.length - 1,
        payload,
      })),
  )
}

function octets(payload: Uint8Array): Uint8Array[] {
  return Array.from(payload, (_, i) => payload.subarray(i, i + 1))
}

function invalid(id: string, title: string, payload: Uint8Array, parts: Uint8Array[] = [payload]): CheckCase {
  return frameCase(
    {
      id,
      section: '6',
      title,
      expectation: 'The connection is failed immediately (1007): the payload is not valid UTF-8.',
      rfc: RFC,
      expected: { OK: [] },
      close: FAIL_PAYLOAD,
    },
    () => parts.map((part, i) => ({ opcode: i === 0 ? Opcode.TEXT : Opcode.CONTINUATION, fin: i === parts.length - 1, payload: part })),
  )
}

const FAIL_FAST = [
  [x('ce ba e1 bd b9 cf 83 ce bc ce b5'), x('f4 90 80 80'), x('65 64 69 74 65 64')],
  [x('ce ba e1 bd b9 cf 83 ce bc ce b5 f4'), x('90'), x('80 80 65 64 69 74 65 64')],
]

/** 6.4.x: the invalid part comes after a pause; a strict server fails before the message ends. */
function failFast(n: number, parts: Uint8Array[], inFrames: boolean): CheckCase {
  const unit = inFrames ? 'fragments (frames)' : 'chops of one frame'
  return {
    id: `6.4.${n}`,
    section: '6',
    title: `Send an invalid UTF-8 text message in 3 ${unit}, pausing after the first and the second`,
    expectation:
      'The first part is accepted (the first pause runs out); the server fails the connection (1007) as soon as the second arrives. Failing only once the message is complete is NON-STRICT.',
    rfc: RFC,
    expected: { OK: [timeout('A')], 'NON-STRICT': [timeout('A'), timeout('B')] },
    close: FAIL_PAYLOAD,
    *script(ctx: CaseContext) {
      const wait = pause(ctx, 1000)
      let chunks: Uint8Array[]
      if (inFrames) {
        chunks = parts.map((payload, i) => ctx.encoder.frame({ opcode: i === 0 ? Opcode.TEXT : Opcode.CONTINUATION, fin: i === 2, payload }))
      } else {
        const whole = ctx.encoder.frame({ opcode: Opcode.TEXT, payload: concat(parts) })
        const header = whole.length - concat(parts).length
        chunks = [
          whole.subarray(0, header + parts[0].length),
          whole.subarray(header + parts[0].length, header + parts[0].length + parts[1].length),
          whole.subarray(header + parts[0].length + parts[1].length),
        ]
      }
      yield { op: 'send', bytes: chunks[0] }
      yield { op: 'wait', ms: wait, mark: 'A' }
      yield { op: 'send', bytes: chunks[1] }
      yield { op: 'wait', ms: wait, mark: 'B' }
      yield { op: 'send', bytes: chunks[2] }
    },
  }
}

const KAPPA = x('ce ba e1 bd b9 cf 83 ce bc ce b5')
const BAD = x('ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64')
const mixed = utf8(MIXED)

function kuhnCases(): CheckCase[] {
  return UTF8_GROUPS.flatMap((group, i) =>
    group.sequences.map((s, j) => {
      const id = `6.${i + 5}.${j + 1}`
      const title = `${group.title}: a text message with payload ${toHex(s.bytes)} in one fragment`
      return s.valid ? valid(id, title, s.bytes, [s.bytes]) : invalid(id, title, s.bytes)
    }),
  )
}

export const SECTION_6: CheckCase[] = [
  valid('6.1.1', 'Send a text message with an empty payload', new Uint8Array(0), [new Uint8Array(0)]),
  valid('6.1.2', 'Send a text message in 3 empty fragments', new Uint8Array(0), [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0)]),
  valid('6.1.3', 'Send a text message in 3 fragments, the first and last empty', utf8('middle frame payload'), [
    new Uint8Array(0),
    utf8('middle frame payload'),
    new Uint8Array(0),
  ]),
  valid('6.2.1', `Send the valid UTF-8 text "${MIXED}" in one fragment`, mixed, [mixed]),
  valid('6.2.2', `Send the valid UTF-8 text "${MIXED}" in 2 fragments split on a code point`, mixed, [utf8('Hello-µ@ßöä'), utf8('üàá-UTF-8!!')]),
  valid('6.2.3', `Send the valid UTF-8 text "${MIXED}" in fragments of 1 octet`, mixed, octets(mixed)),
  valid('6.2.4', 'Send the valid UTF-8 text "κόσμε" in fragments of 1 octet', KAPPA, octets(KAPPA)),
  invalid('6.3.1', 'Send invalid UTF-8 text in one fragment', BAD),
  invalid('6.3.2', 'Send invalid UTF-8 text in fragments of 1 octet', BAD, octets(BAD)),
  failFast(1, FAIL_FAST[0], true),
  failFast(2, FAIL_FAST[1], true),
  failFast(3, FAIL_FAST[0], false),
  failFast(4, FAIL_FAST[1], false),
  ...kuhnCases(),
]
