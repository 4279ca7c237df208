import { isValidUtf8 } from '../../protocol/index.ts'
import { x } from './helpers.ts'

/**
 * The UTF-8 decoder test sequences of Markus Kuhn's UTF-8-test.txt in the groups and order
 * the Autobahn TestSuite numbers them: group i is section 6.(i + 5), entry j case 6.(i + 5).j.
 */
export interface Utf8Group {
  title: string
  sequences: { valid: boolean; bytes: Uint8Array }[]
}

const KAPPA = 'ce ba e1 bd b9 cf 83 ce bc ce b5'

const valid = (hex: string) => ({ valid: true, bytes: x(hex) })
const invalid = (hex: string) => ({ valid: false, bytes: x(hex) })
const hexRange = (from: number, to: number, after = '') => {
  let s = ''
  for (let b = from; b < to; b++) s += b.toString(16).padStart(2, '0') + after
  return s
}

function prefixes(): Utf8Group['sequences'] {
  const all = x(KAPPA)
  return Array.from({ length: all.length }, (_, i) => {
    const bytes = all.subarray(0, i + 1)
    return { valid: isValidUtf8(bytes), bytes }
  })
}

const MISSING_LAST = ['c0', 'e0 80', 'f0 80 80', 'f8 80 80 80', 'fc 80 80 80 80', 'df', 'ef bf', 'f7 bf bf', 'fb bf bf bf', 'fd bf bf bf bf']

function nonCharacters(): Utf8Group['sequences'] {
  const out = [valid('ef bf be'), valid('ef bf bf')]
  for (const z1 of ['f0', 'f1', 'f2', 'f3', 'f4']) {
    for (const z2 of ['8f', '9f', 'af', 'bf']) {
      if (z1 === 'f4' && z2 !== '8f') continue // above U+10FFFF
      for (const z3 of ['be', 'bf']) {
        const hex = `${z1}${z2}bf${z3}`
        if (hex !== 'f08fbfbe' && hex !== 'f08fbfbf') out.push(valid(hex)) // overlong
      }
    }
  }
  return out
}

export const UTF8_GROUPS: Utf8Group[] = [
  {
    title: 'Some valid UTF-8 sequences',
    sequences: [
      valid('68656c6c6f 24 776f726c64'),
      valid('68656c6c6f c2a2 776f726c64'),
      valid('68656c6c6f e282ac 776f726c64'),
      valid('68656c6c6f f0a4ada2 776f726c64'),
      valid(KAPPA),
    ],
  },
  { title: 'All prefixes of a valid UTF-8 string that contains multi-byte code points', sequences: prefixes() },
  { title: 'First possible sequence of a certain length', sequences: [valid('00'), valid('c2 80'), valid('e0 a0 80'), valid('f0 90 80 80')] },
  { title: 'First possible sequence length 5/6 (invalid codepoints)', sequences: [invalid('f8 88 80 80 80'), invalid('fc 84 80 80 80 80')] },
  { title: 'Last possible sequence of a certain length', sequences: [valid('7f'), valid('df bf'), valid('ef bf bf'), valid('f4 8f bf bf')] },
  {
    title: 'Last possible sequence length 4/5/6 (invalid codepoints)',
    sequences: [invalid('f7 bf bf bf'), invalid('fb bf bf bf bf'), invalid('fd bf bf bf bf bf')],
  },
  {
    title: 'Other boundary conditions',
    sequences: [valid('ed 9f bf'), valid('ee 80 80'), valid('ef bf bd'), valid('f4 8f bf bf'), invalid('f4 90 80 80')],
  },
  {
    title: 'Unexpected continuation bytes',
    sequences: [
      invalid('80'),
      invalid('bf'),
      invalid('80 bf'),
      invalid('80 bf 80'),
      invalid('80 bf 80 bf'),
      invalid('80 bf 80 bf 80'),
      invalid('80 bf 80 bf 80 bf'),
      invalid(hexRange(0x80, 0xbf)),
    ],
  },
  {
    title: 'Lonely start characters',
    sequences: [
      [0xc0, 0xdf],
      [0xe0, 0xef],
      [0xf0, 0xf7],
      [0xf8, 0xfb],
      [0xfc, 0xfd],
    ].map(([from, to]) => invalid(hexRange(from, to, '20'))),
  },
  { title: 'Sequences with last continuation byte missing', sequences: MISSING_LAST.map(invalid) },
  { title: 'Concatenation of incomplete sequences', sequences: [invalid(MISSING_LAST.join(''))] },
  { title: 'Impossible bytes', sequences: [invalid('fe'), invalid('ff'), invalid('fe fe ff ff')] },
  {
    title: 'Examples of an overlong ASCII character',
    sequences: ['c0 af', 'e0 80 af', 'f0 80 80 af', 'f8 80 80 80 af', 'fc 80 80 80 80 af'].map(invalid),
  },
  { title: 'Maximum overlong sequences', sequences: ['c1 bf', 'e0 9f bf', 'f0 8f bf bf', 'f8 87 bf bf bf', 'fc 83 bf bf bf bf'].map(invalid) },
  {
    title: 'Overlong representation of the NUL character',
    sequences: ['c0 80', 'e0 80 80', 'f0 80 80 80', 'f8 80 80 80 80', 'fc 80 80 80 80 80'].map(invalid),
  },
  { title: 'Single UTF-16 surrogates', sequences: ['ed a0 80', 'ed ad bf', 'ed ae 80', 'ed af bf', 'ed b0 80', 'ed be 80', 'ed bf bf'].map(invalid) },
  {
    title: 'Paired UTF-16 surrogates',
    sequences: ['eda080 edb080', 'eda080 edbfbf', 'edadbf edb080', 'edadbf edbfbf', 'edae80 edb080', 'edae80 edbfbf', 'edafbf edb080', 'edafbf edbfbf'].map(
      invalid,
    ),
  },
  { title: 'Non-character code points (valid UTF-8)', sequences: nonCharacters() },
  {
    title: 'Unicode specials (i.e. replacement char)',
    sequences: ['ef bf b9', 'ef bf ba', 'ef bf bb', 'ef bf bc', 'ef bf bd', 'ef bf be', 'ef bf bf'].map(valid),
  },
]
