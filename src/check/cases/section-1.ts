import { Opcode } from '../../protocol/index.ts'
import type { CheckCase } from '../case-definition.ts'
import { echoBinary, echoText, FE, frameCase, NORMAL_CLOSE, repeat, STAR } from './helpers.ts'

const LENGTHS = [0, 125, 126, 127, 128, 65535, 65536]
const RFC = 'RFC 6455 §5.2'

/** Section 1, framing: text and binary messages at every length-encoding boundary, echoed. */
function framingCases(sub: number, kind: 'text' | 'binary'): CheckCase[] {
  const opcode = kind === 'text' ? Opcode.TEXT : Opcode.BINARY
  const byte = kind === 'text' ? STAR : FE
  const echo = kind === 'text' ? echoText : echoBinary
  const cases = [...LENGTHS, 65536].map((length, i) => {
    const payload = repeat(byte, length)
    const chopped = i === LENGTHS.length
    return frameCase(
      {
        id: `1.${sub}.${i + 1}`,
        section: '1',
        title: `Send a ${kind} message with a payload of ${length} bytes${chopped ? ', sent in chops of 997 octets' : ''}`,
        expectation: `Receive the ${kind} message echoed, with the payload as sent; clean close with 1000.`,
        rfc: RFC,
        expected: { OK: [echo(payload)] },
        close: NORMAL_CLOSE,
      },
      () => [{ opcode, payload }],
    )
  })
  const last = cases[cases.length - 1]
  const script = last.script
  last.script = function* (ctx) {
    for (const command of script(ctx)) yield command.op === 'send' ? { ...command, chop: 997 } : command
  }
  return cases
}

export const SECTION_1: CheckCase[] = [...framingCases(1, 'text'), ...framingCases(2, 'binary')]
