import {
  describeCloseCode,
  encodeFrame,
  isValidWireCloseCode,
  MessageEncoder,
  negotiatedDeflate,
  Opcode,
  PROTOCOL_CLOSE_CODES,
  utf8Encode,
  type FrameSpec,
} from '../protocol/index.ts'
import type { ScenarioInfo } from '../shared/capture-api.ts'
import type { Scenario } from './scenario.ts'
import { PAYLOAD_SCENARIOS } from './payload-scenarios.ts'

export type { Scenario }

const text = (s: string) => utf8Encode(s)
const serverFrame = (spec: FrameSpec) => encodeFrame({ ...spec, mask: spec.mask ?? false })
const counting = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff)

const NORMAL_CLOSE = { type: 'close', length: 19, compressed: false, closeCode: 1000 } as const
const HELLO = { type: 'text', length: 5, compressed: true, text: 'Hello' } as const
const PROMPT = 'Send a frame: unmasked frames get a Close 1002'
const closeNormally = () => new MessageEncoder({ sender: 'server' }).close(1000, 'scenario complete')

function protocolError(code: string, rfc: string): Scenario['violation'] {
  return { code, closeCode: 1002, rfc }
}

function binaryOfLength(length: number, why: string): Scenario {
  return {
    name: `length-${length}`,
    description: `A ${length.toLocaleString('en-US')}-byte binary message: ${why}.`,
    extensions: null,
    violation: null,
    messages: [{ type: 'binary', length, compressed: false }, NORMAL_CLOSE],
    frames: () => [serverFrame({ opcode: Opcode.BINARY, payload: counting(length) }), closeNormally()],
  }
}

function compressedHello(name: string, extensions: string, description: string): Scenario {
  return {
    name,
    description,
    extensions,
    violation: null,
    messages: [HELLO, HELLO, HELLO, NORMAL_CLOSE],
    frames: () => {
      const encoder = new MessageEncoder({ sender: 'server', deflate: negotiatedDeflate(extensions).params })
      return [encoder.text('Hello'), encoder.text('Hello'), encoder.text('Hello'), closeNormally()]
    },
  }
}

/** One scenario per close code: the registered ones, two application ranges and codes never allowed on the wire. */
function closeCodeScenarios(): Scenario[] {
  const codes = [...PROTOCOL_CLOSE_CODES, 3000, 4000, 999, 1016, 5000]
  return codes.map((code) => {
    const info = describeCloseCode(code)
    const reason = info.name
    const valid = isValidWireCloseCode(code)
    return {
      name: `close-${code}`,
      description: valid
        ? `Close with ${code} (${info.name}): ${info.meaning}`
        : `Close with ${code} (${info.name}), a code that must never be sent in a Close frame: ${info.meaning}`,
      extensions: null,
      violation: valid ? null : { code: 'close.invalid-code', closeCode: 1002, rfc: 'RFC 6455 §7.4' },
      messages: valid ? [{ type: 'close', length: 2 + text(reason).length, compressed: false, closeCode: code }] : [],
      frames: () => [new MessageEncoder({ sender: 'server' }).close(code, reason)],
    }
  })
}

function rsvScenario(bit: 'rsv1' | 'rsv2' | 'rsv3', code: string): Scenario {
  return {
    name: `${bit}-without-extension`,
    description: `A text frame with ${bit.toUpperCase()} set although no extension was negotiated: a client must fail the connection (RFC 6455 §5.2).`,
    extensions: null,
    violation: protocolError(code, 'RFC 6455 §5.2'),
    messages: [],
    frames: () => [serverFrame({ opcode: Opcode.TEXT, [bit]: true, payload: text('reserved bit') })],
  }
}

function reservedOpcode(name: string, opcode: number, kind: string): Scenario {
  return {
    name,
    description: `A frame with the reserved ${kind} opcode 0x${opcode.toString(16)}, which no extension defines: a client must fail the connection (RFC 6455 §5.2).`,
    extensions: null,
    violation: protocolError('frame.reserved-opcode', 'RFC 6455 §5.2'),
    messages: [],
    frames: () => [serverFrame({ opcode, payload: text('?') })],
  }
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'fragmented-text-with-ping',
    description:
      'A text message in three fragments with a Ping between the first two: control frames may come between the fragments of a message (RFC 6455 §5.4). The client answers the Ping and assembles "Hello, fragmented world".',
    extensions: null,
    violation: null,
    messages: [
      { type: 'ping', length: 13, compressed: false, text: 'in the middle' },
      { type: 'text', length: 23, compressed: false, text: 'Hello, fragmented world' },
      NORMAL_CLOSE,
    ],
    frames: () => [
      serverFrame({ opcode: Opcode.TEXT, fin: false, payload: text('Hello, ') }),
      serverFrame({ opcode: Opcode.PING, payload: text('in the middle') }),
      serverFrame({ opcode: Opcode.CONTINUATION, fin: false, payload: text('fragmented ') }),
      serverFrame({ opcode: Opcode.CONTINUATION, payload: text('world') }),
      closeNormally(),
    ],
  },
  binaryOfLength(126, 'the smallest payload whose length needs the 16-bit extended form (7-bit field 126, then 2 bytes)'),
  binaryOfLength(65536, 'the smallest payload whose length needs the 64-bit extended form (7-bit field 127, then 8 bytes)'),
  compressedHello(
    'compressed-context-takeover',
    'permessage-deflate',
    '"Hello" three times, compressed with context takeover (RFC 7692 §7.2.3.2): the first is f2 48 cd c9 c9 07 00, the next ones refer back to it and shrink to f2 00 11 00 00.',
  ),
  compressedHello(
    'compressed-no-context-takeover',
    'permessage-deflate; server_no_context_takeover',
    '"Hello" three times, compressed with server_no_context_takeover: every message starts a fresh window, so each is the same 7 bytes f2 48 cd c9 c9 07 00.',
  ),
  ...closeCodeScenarios(),
  {
    name: 'invalid-utf8',
    description:
      'A text message whose payload is not valid UTF-8 (an encoded UTF-16 surrogate, ed a0 80, after "κόσμε"): a client must fail the connection with 1007 (RFC 6455 §8.1).',
    extensions: null,
    violation: { code: 'message.invalid-utf8', closeCode: 1007, rfc: 'RFC 6455 §8.1' },
    messages: [],
    frames: () => [
      serverFrame({
        opcode: Opcode.TEXT,
        payload: Uint8Array.of(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64),
      }),
    ],
  },
  {
    name: 'oversized-control',
    description: 'A Ping with a 126-byte payload: control frames carry at most 125 bytes (RFC 6455 §5.5), so the client must fail the connection.',
    extensions: null,
    violation: protocolError('frame.control-too-long', 'RFC 6455 §5.5'),
    messages: [],
    frames: () => [serverFrame({ opcode: Opcode.PING, payload: counting(126) })],
  },
  reservedOpcode('reserved-opcode', 0x3, 'non-control'),
  reservedOpcode('reserved-control-opcode', 0xb, 'control'),
  {
    name: 'masked-server-frame',
    description: 'A text frame the server masked (key 37 fa 21 3d): a server must not mask its frames (RFC 6455 §5.1), so the client must fail the connection.',
    extensions: null,
    violation: protocolError('frame.masked-server-frame', 'RFC 6455 §5.1'),
    messages: [],
    frames: () => [serverFrame({ opcode: Opcode.TEXT, mask: 0x37fa213d, payload: text('Hello') })],
  },
  {
    name: 'client-masking',
    description:
      'The server asks for a frame and waits. Like every scenario it checks what the client sends with the protocol core: an unmasked client frame (RFC 6455 §5.1) is answered with Close 1002. Send one from a raw client to see the rule enforced.',
    extensions: null,
    violation: null,
    messages: [{ type: 'text', length: PROMPT.length, compressed: false, text: PROMPT }],
    frames: () => [serverFrame({ opcode: Opcode.TEXT, payload: text(PROMPT) })],
  },
  rsvScenario('rsv1', 'frame.rsv1-without-extension'),
  rsvScenario('rsv2', 'frame.reserved-bit'),
  rsvScenario('rsv3', 'frame.reserved-bit'),
  ...PAYLOAD_SCENARIOS,
]

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name)
}

export function scenarioInfo(scenario: Scenario): ScenarioInfo {
  const { name, description, violation, messages, extensions } = scenario
  return { name, path: `/scenario/${name}`, description, violation, needsDeflate: extensions !== null, messages }
}
