import fc from 'fast-check'

/** Keys the JSON-protocol sniffers look for, and names that live on Object.prototype. */
export const PROTOCOL_KEYS = [
  'type',
  'id',
  'jsonrpc',
  'identifier',
  'topic',
  'event',
  'payload',
  'method',
  'params',
  'result',
  'error',
  'command',
  'message',
  'ref',
]
const key = fc.oneof(
  fc.constantFrom(...PROTOCOL_KEYS, '__proto__', 'constructor', 'toString', '', 'types', 'i'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
)
/** A protocol key with its last letter written as a \u escape: the same key to JSON.parse. */
const escapedKey = fc.constantFrom(...PROTOCOL_KEYS).map(
  (k) =>
    `"${k.slice(0, -1)}\\u${k
      .charCodeAt(k.length - 1)
      .toString(16)
      .padStart(4, '0')}"`,
)
const keyText = fc.oneof({ weight: 4, arbitrary: key.map((k) => JSON.stringify(k)) }, { weight: 1, arbitrary: escapedKey })
const numberText = fc.oneof(
  fc.constantFrom('0', '-0', '1e999', '-1e999', '1E+2', '0.5e-3', '1e-999', '123456789012345678901234567890', '1.0', '-12.5E3'),
  // Not JSON numbers.
  fc.constantFrom('01', '1.', '.5', '+1', '1e', '1e+', '-', 'NaN', 'Infinity', '0x1', '1.e3', '--1'),
  fc.double().map((d) => JSON.stringify(d)),
)
const scalarText = fc.oneof(
  numberText,
  fc.constantFrom(
    'true',
    'false',
    'null',
    'tru',
    'nul',
    'falsey',
    '"\\ud800"',
    '"\\uDC00x"',
    '"\\u12"',
    '"\\x"',
    '"a\tb"',
    '"é"',
    '"\u{1f600}"',
    '"\\/"',
    "'a'",
  ),
  // Lone surrogates and control characters, escaped as JSON.stringify writes them.
  fc.string({ unit: 'binary', maxLength: 6 }).map((s) => JSON.stringify(s)),
  // Raw, unescaped: control characters make these invalid.
  fc.string({ unit: 'binary-ascii', maxLength: 6 }).map((s) => `"${s.replace(/["\\]/g, '')}"`),
)
/** White space, JSON's and not (vertical tab, no-break space). */
const space = fc.constantFrom('', '', ' ', '\n', '\r\n\t', '\u000b', '\u00a0')
const { object } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarText, tie('object'), tie('array')),
  object: fc
    .array(fc.tuple(space, keyText, space, tie('value'), space), { maxLength: 4 })
    .map((pairs) => `{${pairs.map(([a, k, b, v, c]) => `${a}${k}${b}:${v}${c}`).join(',')}}`),
  array: fc.array(fc.tuple(space, tie('value')), { maxLength: 4 }).map((items) => `[${items.map(([a, v]) => a + v).join(',')}]`),
}))

/** Text that starts as one JSON object, often is one, and is often broken in ways a scanner could miss. */
export const adversarialJsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(object as fc.Arbitrary<string>, space).map(([o, s]) => o + s) },
  fc.tuple(object as fc.Arbitrary<string>, fc.constantFrom(',', '}', ']', '{}', '\u001e', '\u0000', 'x', ' 1')).map(([o, s]) => o + s),
  fc.constantFrom('{', '{}', '{ }', '{"a":}', '{"a" 1}', '{"a":1,}', '{,"a":1}', '{"a":1 "b":2}', '{"a":[1,]}', '{"a":[1}', '{"a":{]}', '{"a":1}}', '{"a":1]'),
  fc.constantFrom('{"type":"toString"}', '{"type":"constructor"}', '{"id":1,"id":2}', '{"a":1,"a":{"type":"next"}}', '{"x":{"type":"next","id":"1"}}'),
  // Deeper than the scan goes, and just within.
  fc.integer({ min: 250, max: 300 }).map((d) => `{"a":${'['.repeat(d)}${']'.repeat(d)}}`),
)

const utf8 = (s: string) => new TextEncoder().encode(s)
/** Bytes a UTF-8 scanner must refuse, or that end or break JSON. */
const BAD_BYTES = [
  [0xc0, 0x80],
  [0xff],
  [0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
  [0x1e],
  [0x00],
  [0x22],
  [0x5c],
  [0x7d],
  [0x2c],
]

/** Adversarial JSON as the bytes of a text message, invalid UTF-8 included. */
export const adversarialJsonBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: adversarialJsonText.map(utf8) },
  fc
    .tuple(adversarialJsonText.map(utf8), fc.nat(), fc.constantFrom(...BAD_BYTES), fc.constantFrom('insert', 'replace', 'truncate', 'delete'))
    .map(([b, at, bad, how]) => {
      const i = 1 + (at % Math.max(1, b.length - 1))
      const before = [...b.subarray(0, i)]
      const after = [...b.subarray(how === 'insert' ? i : i + 1)]
      if (how === 'truncate') return Uint8Array.from(before)
      return Uint8Array.from(how === 'delete' ? [...before, ...after] : [...before, ...bad, ...after])
    }),
)
