import { Opcode } from '../../protocol/index.ts'
import type { CheckCase, CloseExpectation, Command } from '../case-definition.ts'
import { closeCommand, echoText, NORMAL_CLOSE, repeat, utf8, x } from './helpers.ts'

const RFC = 'RFC 6455 §7'
const HELLO = utf8('Hello World!')

function closing(
  id: string,
  title: string,
  expectation: string,
  close: CloseExpectation,
  steps: (frame: (op: number, payload?: Uint8Array, fin?: boolean) => Command) => Command[],
  extra: Partial<CheckCase> = {},
): CheckCase {
  return {
    id,
    section: '7',
    title,
    expectation,
    rfc: RFC,
    expected: { OK: [] },
    close,
    *script(ctx) {
      const frame = (opcode: number, payload: Uint8Array = new Uint8Array(0), fin = true): Command => ({
        op: 'send',
        bytes: ctx.encoder.frame({ opcode, payload, fin }),
      })
      yield* steps(frame)
    },
    ...extra,
  }
}

const CLOSE_1000 = closeCommand(1000)
const PROTOCOL_ERROR: CloseExpectation = { byMe: true, codes: [1002], clean: false }

const VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999]
const INVALID_CODES = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999]

export const SECTION_7: CheckCase[] = [
  closing(
    '7.1.1',
    'Send a message followed by a Close',
    'The message is echoed, then a clean close with 1000.',
    NORMAL_CLOSE,
    (f) => [f(Opcode.TEXT, HELLO), CLOSE_1000],
    {
      expected: { OK: [echoText(HELLO)] },
    },
  ),
  closing('7.1.2', 'Send two Close frames', 'Clean close with 1000; the second Close is ignored.', NORMAL_CLOSE, () => [CLOSE_1000, CLOSE_1000]),
  closing('7.1.3', 'Send a Ping after a Close', 'Clean close with 1000; no Pong.', NORMAL_CLOSE, (f) => [CLOSE_1000, f(Opcode.PING, HELLO)]),
  closing('7.1.4', 'Send a text message after a Close', 'Clean close with 1000; no echo.', NORMAL_CLOSE, (f) => [CLOSE_1000, f(Opcode.TEXT, HELLO)]),
  closing('7.1.5', 'Send the first fragment of a message, a Close, then the last fragment', 'Clean close with 1000; no echo.', NORMAL_CLOSE, (f) => [
    f(Opcode.TEXT, utf8('fragment1'), false),
    CLOSE_1000,
    f(Opcode.CONTINUATION, utf8('fragment2')),
  ]),
  closing(
    '7.1.6',
    'Send a 256 KiB message, a small message, a Close and a Ping, back to back',
    'Depends on the implementation: the messages may or may not be echoed before the close.',
    NORMAL_CLOSE,
    (f) => [f(Opcode.TEXT, repeat(0x2a, 256 * 1024)), f(Opcode.TEXT, HELLO), CLOSE_1000, f(Opcode.PING)],
    { informational: true, expected: { OK: [echoText(repeat(0x2a, 256 * 1024)), echoText(HELLO)], 'NON-STRICT': [] } },
  ),
  closing('7.3.1', 'Send a Close with an empty payload (no code, no reason)', 'Clean close with 1000 or no code.', NORMAL_CLOSE, () => [closeCommand(null)]),
  closing('7.3.2', 'Send a Close with a payload of 1 octet', 'Close with 1002 (protocol error) or a dropped connection.', PROTOCOL_ERROR, () => [
    { op: 'close', body: x('41') },
  ]),
  closing('7.3.3', 'Send a Close with code 1000 and no reason', 'Clean close with 1000.', NORMAL_CLOSE, () => [CLOSE_1000]),
  closing('7.3.4', 'Send a Close with code 1000 and a reason', 'Clean close with 1000.', NORMAL_CLOSE, () => [closeCommand(1000, 'Hello World!')]),
  closing('7.3.5', 'Send a Close with code 1000 and a reason of 123 octets (the most that fits)', 'Clean close with 1000.', NORMAL_CLOSE, () => [
    closeCommand(1000, repeat(0x2a, 123)),
  ]),
  closing(
    '7.3.6',
    'Send a Close with code 1000 and a reason of 124 octets (a payload of 126)',
    'Close with 1002 or a dropped connection: control frames carry at most 125 octets.',
    PROTOCOL_ERROR,
    () => [closeCommand(1000, repeat(0x2a, 124))],
  ),
  closing(
    '7.5.1',
    'Send a Close with code 1000 and a reason that is not valid UTF-8',
    'Close with 1002 or 1007, or a dropped connection.',
    { byMe: true, codes: [1002, 1007], clean: false, wrongCodeFails: true },
    () => [closeCommand(1000, x('ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64'))],
  ),
  ...VALID_CODES.map((code, i) =>
    closing(
      `7.7.${i + 1}`,
      `Send a Close with the valid code ${code}`,
      `Clean close with 1000 or ${code}.`,
      { byMe: true, codes: [1000, code], clean: true, wrongCodeFails: true },
      () => [closeCommand(code)],
    ),
  ),
  ...INVALID_CODES.map((code, i) =>
    closing(
      `7.9.${i + 1}`,
      `Send a Close with the invalid code ${code}`,
      'Close with 1002 (protocol error) or a dropped connection.',
      { byMe: true, codes: [1002], clean: false, wrongCodeFails: true },
      () => [closeCommand(code)],
      { rfc: 'RFC 6455 §7.4' },
    ),
  ),
  ...[5000, 65535].map((code, i) =>
    closing(
      `7.13.${i + 1}`,
      `Send a Close with the code ${code}`,
      'Undefined by the specification.',
      { byMe: true, codes: [1000, code, 1002], clean: false },
      () => [closeCommand(code)],
      {
        informational: true,
        rfc: 'RFC 6455 §7.4',
      },
    ),
  ),
]
