import { Opcode, type FrameSpec } from '../../protocol/index.ts'
import type { CheckCase, CaseContext } from '../case-definition.ts'
import { echoText, FAIL_PROTOCOL, frameCase, frames, NORMAL_CLOSE, pause, pong, utf8, type Chopping } from './helpers.ts'

const RFC = 'RFC 6455 §5.4'
const HOW: Record<Chopping, string> = { one: '', frame: ', in frame-wise chops', octet: ', in octet-wise chops' }
const F = (n: number) => utf8(`fragment${n}`)

function fragmentedControl(n: number, opcode: number, name: string): CheckCase {
  return frameCase(
    {
      id: `5.${n}`,
      section: '5',
      title: `Send a ${name} fragmented into 2 fragments`,
      expectation: 'The connection is failed immediately (1002): control frames must not be fragmented.',
      rfc: 'RFC 6455 §5.5',
      expected: { OK: [] },
      close: FAIL_PROTOCOL,
    },
    () => [
      { opcode, fin: false, payload: F(1) },
      { opcode: Opcode.CONTINUATION, fin: true, payload: F(2) },
    ],
  )
}

function twoFragments(n: number, chopping: Chopping, withPing: boolean): CheckCase {
  const ping = utf8('ping payload')
  return frameCase(
    {
      id: `5.${n}`,
      section: '5',
      title: `Send a text message in 2 fragments${withPing ? ' with a Ping in between' : ''}${HOW[chopping]}`,
      expectation: `${withPing ? 'A Pong, then ' : ''}the message echoed whole; clean close with 1000.`,
      rfc: withPing ? 'RFC 6455 §5.4, §5.5' : RFC,
      expected: { OK: [...(withPing ? [pong(ping)] : []), echoText('fragment1fragment2')] },
      close: NORMAL_CLOSE,
    },
    () => [
      { opcode: Opcode.TEXT, fin: false, payload: F(1) },
      ...(withPing ? [{ opcode: Opcode.PING, payload: ping }] : []),
      { opcode: Opcode.CONTINUATION, fin: true, payload: F(2) },
    ],
    chopping,
    chopping === 'frame' ? 10 : 0,
  )
}

function nothingToContinue(n: number, fin: boolean, chopping: Chopping): CheckCase {
  return frameCase(
    {
      id: `5.${n}`,
      section: '5',
      title: `Send a continuation frame with FIN = ${fin} when there is nothing to continue, then a text message${HOW[chopping]}`,
      expectation: 'The connection is failed immediately (1002).',
      rfc: RFC,
      expected: { OK: [] },
      close: FAIL_PROTOCOL,
    },
    () => [
      { opcode: Opcode.CONTINUATION, fin, payload: utf8('non-continuation payload') },
      { opcode: Opcode.TEXT, payload: utf8('Hello, world!') },
    ],
    chopping,
    chopping === 'frame' ? 10 : 0,
  )
}

function repeated(n: number, fin: boolean): CheckCase {
  const round: FrameSpec[] = [
    { opcode: Opcode.CONTINUATION, fin, payload: F(1) },
    { opcode: Opcode.TEXT, fin: false, payload: F(2) },
    { opcode: Opcode.CONTINUATION, fin: true, payload: F(3) },
  ]
  return frameCase(
    {
      id: `5.${n}`,
      section: '5',
      title: `Repeated 2 times: a continuation frame with FIN = ${fin} (nothing to continue), then a text message in 2 fragments`,
      expectation: 'The connection is failed immediately (1002).',
      rfc: RFC,
      expected: { OK: [] },
      close: FAIL_PROTOCOL,
    },
    () => [...round, ...round],
  )
}

/** 5.19/5.20: fragments and pings with a pause in the middle of the message. */
function withPauses(n: number, chopping: Chopping): CheckCase {
  const pings = [utf8('pongme 1!'), utf8('pongme 2!')]
  return {
    id: `5.${n}`,
    section: '5',
    title: `A text message in 5 fragments with 2 Pings in between and a pause after the first Ping${HOW[chopping]}`,
    expectation: 'The first Pong comes before the last fragment is sent; both Pongs, then the whole message echoed.',
    rfc: 'RFC 6455 §5.4, §5.5',
    expected: { OK: [pong(pings[0]), pong(pings[1]), echoText('fragment1fragment2fragment3fragment4fragment5')] },
    close: NORMAL_CLOSE,
    *script(ctx: CaseContext) {
      const send = (specs: FrameSpec[]) => frames(ctx, specs)
      const first = send([
        { opcode: Opcode.TEXT, fin: false, payload: F(1) },
        { opcode: Opcode.CONTINUATION, fin: false, payload: F(2) },
        { opcode: Opcode.PING, payload: pings[0] },
      ])
      const second = send([
        { opcode: Opcode.CONTINUATION, fin: false, payload: F(3) },
        { opcode: Opcode.CONTINUATION, fin: false, payload: F(4) },
        { opcode: Opcode.PING, payload: pings[1] },
        { opcode: Opcode.CONTINUATION, fin: true, payload: F(5) },
      ])
      for (const [i, group] of [first, second].entries()) {
        for (const bytes of group) {
          yield { op: 'send', bytes }
          if (chopping === 'frame') yield { op: 'wait', ms: 10 }
        }
        if (i === 0) yield { op: 'wait', ms: pause(ctx, 1000) }
      }
    },
  }
}

export const SECTION_5: CheckCase[] = [
  fragmentedControl(1, Opcode.PING, 'Ping'),
  fragmentedControl(2, Opcode.PONG, 'Pong'),
  twoFragments(3, 'one', false),
  twoFragments(4, 'octet', false),
  twoFragments(5, 'frame', false),
  twoFragments(6, 'one', true),
  twoFragments(7, 'octet', true),
  twoFragments(8, 'frame', true),
  nothingToContinue(9, true, 'one'),
  nothingToContinue(10, true, 'frame'),
  nothingToContinue(11, true, 'octet'),
  nothingToContinue(12, false, 'one'),
  nothingToContinue(13, false, 'frame'),
  nothingToContinue(14, false, 'octet'),
  frameCase(
    {
      id: '5.15',
      section: '5',
      title: 'Send a text message in 2 fragments, then a continuation frame with FIN = false with nothing to continue, then a text message',
      expectation: 'The first message is echoed, then the connection is failed immediately (1002).',
      rfc: RFC,
      expected: { OK: [echoText('fragment1fragment2')], 'NON-STRICT': [] },
      close: FAIL_PROTOCOL,
    },
    () => [
      { opcode: Opcode.TEXT, fin: false, payload: F(1) },
      { opcode: Opcode.CONTINUATION, fin: true, payload: F(2) },
      { opcode: Opcode.CONTINUATION, fin: false, payload: F(3) },
      { opcode: Opcode.TEXT, fin: true, payload: F(4) },
    ],
  ),
  repeated(16, false),
  repeated(17, true),
  frameCase(
    {
      id: '5.18',
      section: '5',
      title: 'Send a text message in 2 fragments, both with opcode TEXT',
      expectation: 'The connection is failed immediately (1002): the second must be a continuation frame.',
      rfc: RFC,
      expected: { OK: [] },
      close: FAIL_PROTOCOL,
    },
    () => [
      { opcode: Opcode.TEXT, fin: false, payload: F(1) },
      { opcode: Opcode.TEXT, fin: true, payload: F(2) },
    ],
  ),
  withPauses(19, 'one'),
  withPauses(20, 'frame'),
]
