import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { parseInput, parseInputBytes, type InputResult, type RecognisedInput } from './input-format.ts'
import { HEXDUMP_REPEAT } from './testing/dumps.ts'

// ---------------------------------------------------------------------------------------------
// Sample bytes and helpers
// ---------------------------------------------------------------------------------------------

/** RFC 6455 §5.7: a single-frame masked text message "Hello" sent by a client. */
const HELLO = Uint8Array.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58])

/** Deterministic pseudo-random bytes (xorshift32): the fixtures below were made from these. */
function sampleBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = seed >>> 0
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    out[i] = x & 0xff
  }
  return out
}

const BYTES_300 = sampleBytes(300, 0x6455)

/** The 80 bytes of the "*" fixtures: "WS frame header!", 61 zero bytes, "end". */
const REPEAT_BYTES = (() => {
  const b = new Uint8Array(80)
  b.set(new TextEncoder().encode('WS frame header!'))
  b.set(new TextEncoder().encode('end'), 77)
  return b
})()

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

function expectBytes(result: InputResult): RecognisedInput {
  if (!result.ok) throw new Error(`expected bytes, got error: ${result.error.message}`)
  return result.value
}

function expectError(result: InputResult): { message: string; line: number; column: number; offset: number } {
  if (result.ok) throw new Error(`expected an error, got ${result.value.format} (${result.value.detail}): ${toHex(result.value.bytes)}`)
  return result.error
}

function toHex(bytes: Uint8Array, upper = false): string {
  const s = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return upper ? s.toUpperCase() : s
}

const hx = (b: number): string => b.toString(16).padStart(2, '0')
const ascii = (bytes: Uint8Array): string => Array.from(bytes, (b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.')).join('')
const chunks = (bytes: Uint8Array, size: number): Uint8Array[] => {
  const out: Uint8Array[] = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return out
}

// ---------------------------------------------------------------------------------------------
// Formatters: what the tools print, for property tests
// ---------------------------------------------------------------------------------------------

/** Like `xxd [-c cols] [-g group] [-u]`: offset, colon, groups, ASCII column aligned after two spaces. */
function xxdDump(bytes: Uint8Array, cols = 16, group = 2, upper = false, start = 0): string {
  const hexPart = (line: Uint8Array): string => {
    let s = ''
    line.forEach((b, i) => {
      s += upper ? hx(b).toUpperCase() : hx(b)
      if ((i + 1) % group === 0 && i + 1 < line.length) s += ' '
    })
    return s
  }
  const width = hexPart(new Uint8Array(cols)).length
  return chunks(bytes, cols)
    .map((line, i) => `${(start + i * cols).toString(16).padStart(8, '0')}: ${hexPart(line).padEnd(width)}  ${ascii(line)}`)
    .join('\n')
}

/** Like `hexdump -C`: 16 bytes, extra space after 8, |ASCII|, "*" for repeated lines, end offset last. */
function hexdumpC(bytes: Uint8Array): string {
  const out: string[] = []
  let previous = ''
  let squeezing = false
  chunks(bytes, 16).forEach((line, i) => {
    let hexPart = ''
    for (let j = 0; j < 16; j++) hexPart += (j < line.length ? `${hx(line[j])} ` : '   ') + (j === 7 ? ' ' : '')
    const content = hexPart + ascii(line)
    if (line.length === 16 && content === previous) {
      if (!squeezing) out.push('*')
      squeezing = true
      return
    }
    squeezing = false
    previous = content
    out.push(`${(i * 16).toString(16).padStart(8, '0')}  ${hexPart} |${ascii(line)}|`)
  })
  out.push(bytes.length.toString(16).padStart(8, '0'))
  return out.join('\n')
}

/**
 * Wireshark "Copy Bytes as Hex + ASCII Dump" and "…as Hex Dump", as ui/qt/utils/data_printer.cpp
 * writes them: "%04x" offset, two spaces, " xx" per byte (16 a line), then for the ASCII
 * variant three spaces, padding on the last line, and the ASCII.
 */
function wiresharkDump(bytes: Uint8Array, withAscii = true): string {
  return chunks(bytes, 16)
    .map((line, i, all) => {
      let s = `${(i * 16).toString(16).padStart(4, '0')}  ${Array.from(line, (b) => ` ${hx(b)}`).join('')}`
      if (withAscii) s += '   ' + (i === all.length - 1 ? ' '.repeat((16 - line.length) * 3) : '') + ascii(line)
      return s
    })
    .join('\n')
}

/** Like `od -A x -t x1z`. */
function odDump(bytes: Uint8Array): string {
  const lines = chunks(bytes, 16).map(
    (line, i) =>
      `${(i * 16).toString(16).padStart(6, '0')}${Array.from(line, (b) => ` ${hx(b)}`)
        .join('')
        .padEnd(48)}  >${ascii(line)}<`,
  )
  return [...lines, bytes.length.toString(16).padStart(6, '0')].join('\n')
}

/** Like `tcpdump -X`: tab, 0x offset, colon, two spaces, groups of 4 digits, ASCII after two spaces. */
function tcpdumpDump(bytes: Uint8Array): string {
  return chunks(bytes, 16)
    .map((line, i) => {
      const groups = chunks(line, 2)
        .map((g) => toHex(g))
        .join(' ')
      return `\t0x${(i * 16).toString(16).padStart(4, '0')}:  ${groups.padEnd(39)}  ${ascii(line)}`
    })
    .join('\n')
}

function base64(bytes: Uint8Array, urlSafe = false, padded = true, wrap = 0): string {
  let s = Buffer.from(bytes).toString(urlSafe ? 'base64url' : 'base64')
  if (urlSafe && padded) s += '='.repeat((4 - (s.length % 4)) % 4)
  if (!padded) s = s.replace(/=+$/, '')
  if (wrap > 0) s = s.replace(new RegExp(`(.{${wrap}})`, 'g'), '$1\n').replace(/\n$/, '')
  return s
}

const trimLines = (s: string): string =>
  s
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')

// ---------------------------------------------------------------------------------------------
// Fixtures: real output of xxd (2022-01-14), hexdump -C (util-linux 2.38.1), od and base64
// (GNU coreutils 9.1), run on the sample bytes above and pasted as is.
// ---------------------------------------------------------------------------------------------

/** `xxd hello.bin` */
const XXD_HELLO = ['00000000: 8185 37fa 213d 7f9f 4d51 58              ..7.!=..MQX'].join('\n')

/** `hexdump -C hello.bin` */
const HEXDUMP_HELLO = ['00000000  81 85 37 fa 21 3d 7f 9f  4d 51 58                 |..7.!=..MQX|', '0000000b'].join('\n')

/** `od -A x -t x1z hello.bin` */
const OD_HELLO = ['000000 81 85 37 fa 21 3d 7f 9f 4d 51 58                 >..7.!=..MQX<', '00000b'].join('\n')

/** `xxd r300.bin` (sampleBytes(300, 0x6455)) */
const XXD_300 = [
  '00000000: 10f8 a136 0379 a702 18f4 170c 4093 0a9e  ...6.y......@...',
  '00000010: aed1 5221 ffa1 651e 2e39 f217 511a c65e  ..R!..e..9..Q..^',
  '00000020: 2b95 ce0a 393f cb58 2f60 4b11 6a79 848e  +...9?.X/`K.jy..',
  '00000030: 3d41 4aa8 30d4 21a4 c713 94b4 f59c a41d  =AJ.0.!.........',
  '00000040: cd12 45ad 6cf7 9be8 352a 6efa 2e92 53fe  ..E.l...5*n...S.',
  '00000050: d749 a3c4 4b07 313c 00ed 0048 72ee 9bac  .I..K.1<...Hr...',
  '00000060: b3a7 9102 1031 9e4c 1b04 730d 0fef 931b  .....1.L..s.....',
  '00000070: 2946 0e85 ca78 e3a0 748a cbc9 a499 d8d4  )F...x..t.......',
  '00000080: de70 9cc4 c296 6449 3822 d92f 40da e662  .p....dI8"./@..b',
  '00000090: 304f a006 6181 62b9 bf39 faae 790d 72fe  0O..a.b..9..y.r.',
  '000000a0: 1596 c9cd bb9f cdeb 53b4 3f2f 37af 331f  ........S.?/7.3.',
  '000000b0: 510a fd48 ccd5 dd33 410d 5eed e79f 4b8c  Q..H...3A.^...K.',
  '000000c0: e67d 510f e9fb 3005 42a4 38e3 6f3d fd73  .}Q...0.B.8.o=.s',
  '000000d0: 7771 e2eb 7b7e 9cd3 6fe3 6e4e 2346 8981  wq..{~..o.nN#F..',
  '000000e0: 81d4 5772 58d8 5622 2745 0b88 c82d c185  ..WrX.V"\'E...-..',
  '000000f0: 713f 107b b88e 7db3 6597 d65c 0838 b60f  q?.{..}.e..\\.8..',
  '00000100: b429 354d a7b8 e6fd 3a0a 2673 c06e 10a2  .)5M....:.&s.n..',
  '00000110: 6c60 fdc6 bd83 fdc4 1081 708e 0063 d779  l`........p..c.y',
  '00000120: 8fc4 b10d ff78 11ee 6fcb 5e1d            .....x..o.^.',
].join('\n')

/** `hexdump -C r300.bin` */
const HEXDUMP_300 = [
  '00000000  10 f8 a1 36 03 79 a7 02  18 f4 17 0c 40 93 0a 9e  |...6.y......@...|',
  '00000010  ae d1 52 21 ff a1 65 1e  2e 39 f2 17 51 1a c6 5e  |..R!..e..9..Q..^|',
  '00000020  2b 95 ce 0a 39 3f cb 58  2f 60 4b 11 6a 79 84 8e  |+...9?.X/`K.jy..|',
  '00000030  3d 41 4a a8 30 d4 21 a4  c7 13 94 b4 f5 9c a4 1d  |=AJ.0.!.........|',
  '00000040  cd 12 45 ad 6c f7 9b e8  35 2a 6e fa 2e 92 53 fe  |..E.l...5*n...S.|',
  '00000050  d7 49 a3 c4 4b 07 31 3c  00 ed 00 48 72 ee 9b ac  |.I..K.1<...Hr...|',
  '00000060  b3 a7 91 02 10 31 9e 4c  1b 04 73 0d 0f ef 93 1b  |.....1.L..s.....|',
  '00000070  29 46 0e 85 ca 78 e3 a0  74 8a cb c9 a4 99 d8 d4  |)F...x..t.......|',
  '00000080  de 70 9c c4 c2 96 64 49  38 22 d9 2f 40 da e6 62  |.p....dI8"./@..b|',
  '00000090  30 4f a0 06 61 81 62 b9  bf 39 fa ae 79 0d 72 fe  |0O..a.b..9..y.r.|',
  '000000a0  15 96 c9 cd bb 9f cd eb  53 b4 3f 2f 37 af 33 1f  |........S.?/7.3.|',
  '000000b0  51 0a fd 48 cc d5 dd 33  41 0d 5e ed e7 9f 4b 8c  |Q..H...3A.^...K.|',
  '000000c0  e6 7d 51 0f e9 fb 30 05  42 a4 38 e3 6f 3d fd 73  |.}Q...0.B.8.o=.s|',
  '000000d0  77 71 e2 eb 7b 7e 9c d3  6f e3 6e 4e 23 46 89 81  |wq..{~..o.nN#F..|',
  '000000e0  81 d4 57 72 58 d8 56 22  27 45 0b 88 c8 2d c1 85  |..WrX.V"\'E...-..|',
  '000000f0  71 3f 10 7b b8 8e 7d b3  65 97 d6 5c 08 38 b6 0f  |q?.{..}.e..\\.8..|',
  '00000100  b4 29 35 4d a7 b8 e6 fd  3a 0a 26 73 c0 6e 10 a2  |.)5M....:.&s.n..|',
  '00000110  6c 60 fd c6 bd 83 fd c4  10 81 70 8e 00 63 d7 79  |l`........p..c.y|',
  '00000120  8f c4 b1 0d ff 78 11 ee  6f cb 5e 1d              |.....x..o.^.|',
  '0000012c',
].join('\n')

/** `xxd -p r300.bin` (plain hex, 30 bytes a line) */
const XXD_P_300 = [
  '10f8a1360379a70218f4170c40930a9eaed15221ffa1651e2e39f217511a',
  'c65e2b95ce0a393fcb582f604b116a79848e3d414aa830d421a4c71394b4',
  'f59ca41dcd1245ad6cf79be8352a6efa2e9253fed749a3c44b07313c00ed',
  '004872ee9bacb3a7910210319e4c1b04730d0fef931b29460e85ca78e3a0',
  '748acbc9a499d8d4de709cc4c29664493822d92f40dae662304fa0066181',
  '62b9bf39faae790d72fe1596c9cdbb9fcdeb53b43f2f37af331f510afd48',
  'ccd5dd33410d5eede79f4b8ce67d510fe9fb300542a438e36f3dfd737771',
  'e2eb7b7e9cd36fe36e4e2346898181d4577258d8562227450b88c82dc185',
  '713f107bb88e7db36597d65c0838b60fb429354da7b8e6fd3a0a2673c06e',
  '10a26c60fdc6bd83fdc41081708e0063d7798fc4b10dff7811ee6fcb5e1d',
].join('\n')

/** `xxd -a rep.bin` (autoskip prints "*" too) */
const XXD_A_REPEAT = [
  '00000000: 5753 2066 7261 6d65 2068 6561 6465 7221  WS frame header!',
  '00000010: 0000 0000 0000 0000 0000 0000 0000 0000  ................',
  '*',
  '00000040: 0000 0000 0000 0000 0000 0000 0065 6e64  .............end',
].join('\n')

/** `od -A x -t x1z rep.bin` */
const OD_REPEAT = [
  '000000 57 53 20 66 72 61 6d 65 20 68 65 61 64 65 72 21  >WS frame header!<',
  '000010 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  >................<',
  '*',
  '000040 00 00 00 00 00 00 00 00 00 00 00 00 00 65 6e 64  >.............end<',
  '000050',
].join('\n')

/** `xxd` of the text "deadbeefcafe0123456789abcdef": the ASCII column is all hex digits */
const XXD_HEX_ASCII = [
  '00000000: 6465 6164 6265 6566 6361 6665 3031 3233  deadbeefcafe0123',
  '00000010: 3435 3637 3839 6162 6364 6566            456789abcdef',
].join('\n')

/** `hexdump -C` of the same text */
const HEXDUMP_HEX_ASCII = [
  '00000000  64 65 61 64 62 65 65 66  63 61 66 65 30 31 32 33  |deadbeefcafe0123|',
  '00000010  34 35 36 37 38 39 61 62  63 64 65 66              |456789abcdef|',
  '0000001c',
].join('\n')

/** `xxd` of "GET / HTTP/1.1  Hello, World!   " (lines end in spaces; tests also trim them) */
const XXD_TRAILING_SPACES = [
  '00000000: 4745 5420 2f20 4854 5450 2f31 2e31 2020  GET / HTTP/1.1  ',
  '00000010: 4865 6c6c 6f2c 2057 6f72 6c64 2120 2020  Hello, World!   ',
].join('\n')

/** `xxd -c 5 hello.bin` (5 bytes a line, odd group at the end) */
const XXD_C5_HELLO = ['00000000: 8185 37fa 21  ..7.!', '00000005: 3d7f 9f4d 51  =..MQ', '0000000a: 58            X'].join('\n')

/** `xxd -g 1 hello.bin` */
const XXD_G1_HELLO = ['00000000: 81 85 37 fa 21 3d 7f 9f 4d 51 58                 ..7.!=..MQX'].join('\n')

/** `xxd -i hello.bin` (C include: the array initialiser part is used) */
const XXD_I_HELLO_FULL = [
  'unsigned char hello_bin[] = {',
  '  0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58',
  '};',
  'unsigned int hello_bin_len = 11;',
].join('\n')

/** `xxd -s 5 hello.bin`: a dump that does not start at offset 0 */
const XXD_S5_HELLO = ['00000005: 3d7f 9f4d 5158                           =..MQX'].join('\n')

/** `xxd` of "A" and 15 spaces: the ASCII column ends in spaces that editors trim */
const XXD_A_AND_SPACES = ['00000000: 4120 2020 2020 2020 2020 2020 2020 2020  A               '].join('\n')

/** `base64 hello.bin` */
const BASE64_HELLO = 'gYU3+iE9f59NUVg='

/** `base64 -w 76 r300.bin` */
const BASE64_300 = [
  'EPihNgN5pwIY9BcMQJMKnq7RUiH/oWUeLjnyF1Eaxl4rlc4KOT/LWC9gSxFqeYSOPUFKqDDUIaTH',
  'E5S09ZykHc0SRa1s95voNSpu+i6SU/7XSaPESwcxPADtAEhy7puss6eRAhAxnkwbBHMND++TGylG',
  'DoXKeOOgdIrLyaSZ2NTecJzEwpZkSTgi2S9A2uZiME+gBmGBYrm/OfqueQ1y/hWWyc27n83rU7Q/',
  'LzevMx9RCv1IzNXdM0ENXu3nn0uM5n1RD+n7MAVCpDjjbz39c3dx4ut7fpzTb+NuTiNGiYGB1Fdy',
  'WNhWIidFC4jILcGFcT8Qe7iOfbNll9ZcCDi2D7QpNU2nuOb9Ogomc8BuEKJsYP3GvYP9xBCBcI4A',
  'Y9d5j8SxDf94Ee5vy14d',
].join('\n')

/** The initialiser lines of `xxd -i hello.bin` (the C declaration around them is not hex). */
const XXD_I_HELLO = XXD_I_HELLO_FULL.split('\n').slice(1, 3).join('\n').replace('};', '}').replace(/^/, '{\n')

/** Wireshark "Copy Bytes as Hex + ASCII Dump" of the frame, per data_printer.cpp (see wiresharkDump). */
const WIRESHARK_HELLO = '0000   81 85 37 fa 21 3d 7f 9f 4d 51 58                  ..7.!=..MQX'

/** Wireshark "…as Hex Dump" (no ASCII column). */
const WIRESHARK_HEX_ONLY_HELLO = '0000   81 85 37 fa 21 3d 7f 9f 4d 51 58'

/** Wireshark "…as Escaped String". */
const WIRESHARK_ESCAPED_HELLO = '"\\x81\\x85\\x37\\xfa\\x21\\x3d\\x7f\\x9f\\x4d\\x51\\x58"\n'

/** tcpdump -X layout of the frame. */
const TCPDUMP_HELLO = '\t0x0000:  8185 37fa 213d 7f9f 4d51 58              ..7.!=..MQX'

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('the RFC 6455 §5.7 masked "Hello" frame in every format', () => {
  const cases: [string, string, string, string][] = [
    // [name, text, format, detail]
    ['continuous hex', '818537fa213d7f9f4d5158', 'hex', 'continuous hex'],
    ['upper-case continuous hex', '818537FA213D7F9F4D5158', 'hex', 'continuous hex'],
    ['space-separated bytes', '81 85 37 fa 21 3d 7f 9f 4d 51 58', 'hex', 'space-separated hex'],
    ['bytes over lines with tabs', '81 85\t37 fa\r\n21 3d 7f\n  9f 4d 51 58\n', 'hex', 'space-separated hex'],
    ['":" separators', '81:85:37:fa:21:3d:7f:9f:4d:51:58', 'hex', 'hex with ":" separators'],
    ['"-" separators', '81-85-37-FA-21-3D-7F-9F-4D-51-58', 'hex', 'hex with "-" separators'],
    ['"," separators', '81,85,37,fa,21,3d,7f,9f,4d,51,58', 'hex', 'hex with "," separators'],
    ['0x list', '0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58', 'hex', '0x list'],
    ['0X list without commas', '0X81 0X85 0X37 0XFA 0X21 0X3D 0X7F 0X9F 0X4D 0X51 0X58', 'hex', '0x list'],
    ['C array', '{ 0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58 }', 'hex', 'array of 0x bytes'],
    ['JS array', '[0x81,0x85,0x37,0xfa,0x21,0x3d,0x7f,0x9f,0x4d,0x51,0x58]', 'hex', 'array of 0x bytes'],
    ['xxd -i', XXD_I_HELLO, 'hex', 'array of 0x bytes'],
    ['\\x escapes', '\\x81\\x85\\x37\\xfa\\x21\\x3d\\x7f\\x9f\\x4d\\x51\\x58', 'hex', '\\x escapes'],
    ['Wireshark escaped string', WIRESHARK_ESCAPED_HELLO, 'hex', '\\x escapes'],
    ['C string split over lines', '"\\x81\\x85\\x37\\xfa" \\\n"\\x21\\x3d\\x7f\\x9f\\x4d\\x51\\x58"', 'hex', '\\x escapes'],
    ['xxd', XXD_HELLO, 'hexdump', 'xxd'],
    ['xxd -g 1', XXD_G1_HELLO, 'hexdump', 'xxd'],
    ['xxd -c 5', XXD_C5_HELLO, 'hexdump', 'xxd'],
    ['hexdump -C', HEXDUMP_HELLO, 'hexdump', 'hexdump -C'],
    ['od -A x -t x1z', OD_HELLO, 'hexdump', 'od -A x -t x1z'],
    ['Wireshark hex + ASCII dump', WIRESHARK_HELLO, 'hexdump', 'Wireshark hex dump'],
    ['Wireshark hex dump without ASCII', WIRESHARK_HEX_ONLY_HELLO, 'hexdump', 'Wireshark hex dump'],
    ['tcpdump -X', TCPDUMP_HELLO, 'hexdump', 'tcpdump hex dump'],
    ['base64', BASE64_HELLO, 'base64', 'base64'],
    ['base64 without padding', 'gYU3+iE9f59NUVg', 'base64', 'base64'],
    ['base64url', 'gYU3-iE9f59NUVg', 'base64', 'base64url'],
    ['base64 broken over lines', 'gYU3+iE9\nf59NUVg=\n', 'base64', 'base64'],
  ]

  it.each(cases)('%s', (_name, input, format, detail) => {
    const result = expectBytes(parseInput(input, 'auto'))
    expect(toHex(result.bytes)).toBe(toHex(HELLO))
    expect(result.format).toBe(format)
    expect(result.detail).toBe(detail)
  })

  it.each(cases)('%s, with its format given explicitly', (_name, input, format) => {
    const explicit = format === 'hexdump' ? 'hexdump' : format === 'base64' ? 'base64' : 'hex'
    expect(toHex(expectBytes(parseInput(input, explicit)).bytes)).toBe(toHex(HELLO))
  })

  it('a dump is also accepted as "hex", since the CLI has no separate dump option', () => {
    const result = expectBytes(parseInput(XXD_HELLO, 'hex'))
    expect(result.format).toBe('hexdump')
    expect(toHex(result.bytes)).toBe(toHex(HELLO))
  })

  it('reads a dump that does not start at offset 0 (xxd -s)', () => {
    expect(toHex(expectBytes(parseInput(XXD_S5_HELLO, 'auto')).bytes)).toBe(toHex(HELLO.subarray(5)))
  })
})

describe('300 pseudo-random bytes', () => {
  it.each([
    ['xxd', XXD_300, 'xxd'],
    ['hexdump -C', HEXDUMP_300, 'hexdump -C'],
    ['xxd -p', XXD_P_300, 'space-separated hex'],
    ['base64 -w 76', BASE64_300, 'base64'],
    ['Wireshark', wiresharkDump(BYTES_300), 'Wireshark hex dump'],
    ['od', odDump(BYTES_300), 'od -A x -t x1z'],
    ['tcpdump -X', tcpdumpDump(BYTES_300), 'tcpdump hex dump'],
  ])('%s', (_name, input, detail) => {
    const result = expectBytes(parseInput(input, 'auto'))
    expect(result.detail).toBe(detail)
    expect(toHex(result.bytes)).toBe(toHex(BYTES_300))
  })

  it('the test formatters print what the tools print', () => {
    expect(xxdDump(BYTES_300)).toBe(XXD_300)
    expect(hexdumpC(BYTES_300)).toBe(HEXDUMP_300)
    expect(hexdumpC(REPEAT_BYTES)).toBe(HEXDUMP_REPEAT)
    expect(odDump(HELLO)).toBe(OD_HELLO)
    expect(xxdDump(HELLO, 5)).toBe(XXD_C5_HELLO)
    expect(xxdDump(HELLO, 16, 1)).toBe(XXD_G1_HELLO)
    expect(wiresharkDump(HELLO)).toBe(WIRESHARK_HELLO)
    expect(wiresharkDump(HELLO, false)).toBe(WIRESHARK_HEX_ONLY_HELLO)
    expect(tcpdumpDump(HELLO)).toBe(TCPDUMP_HELLO)
    expect(base64(BYTES_300, false, true, 76)).toBe(BASE64_300)
  })
})

describe('hex dump subtleties', () => {
  it.each([
    ['hexdump -C', HEXDUMP_REPEAT],
    ['xxd -a', XXD_A_REPEAT],
    ['od', OD_REPEAT],
  ])('expands "*" (%s) into the repeated lines, up to the next offset', (_name, input) => {
    expect(toHex(expectBytes(parseInput(input, 'auto')).bytes)).toBe(toHex(REPEAT_BYTES))
  })

  it.each([
    ['xxd', XXD_HEX_ASCII, 'deadbeefcafe0123456789abcdef'],
    ['hexdump -C', HEXDUMP_HEX_ASCII, 'deadbeefcafe0123456789abcdef'],
    ['Wireshark', wiresharkDump(text('deadbeefcafe0123456789abcdef')), 'deadbeefcafe0123456789abcdef'],
    ['xxd, one line', xxdDump(text('dead')), 'dead'],
    ['xxd -g 1, one line', xxdDump(text('0123456789')), '0123456789'],
    ['xxd -c 4, lines of one group', xxdDump(text('deadbeefcafe'), 4), 'deadbeefcafe'],
    ['Wireshark, one line', wiresharkDump(text('cafe')), 'cafe'],
  ])('never reads an ASCII column that looks like hex as data (%s)', (_name, input, expected) => {
    expect(new TextDecoder().decode(expectBytes(parseInput(input, 'auto')).bytes)).toBe(expected)
  })

  it('reads xxd output whose lines lost their trailing spaces in an editor', () => {
    const full = text('GET / HTTP/1.1  Hello, World!   ')
    expect(toHex(expectBytes(parseInput(XXD_TRAILING_SPACES, 'auto')).bytes)).toBe(toHex(full))
    expect(toHex(expectBytes(parseInput(trimLines(XXD_TRAILING_SPACES), 'auto')).bytes)).toBe(toHex(full))
    expect(toHex(expectBytes(parseInput(trimLines(XXD_A_AND_SPACES), 'auto')).bytes)).toBe(toHex(text('A' + ' '.repeat(15))))
    expect(toHex(expectBytes(parseInput(trimLines(XXD_300), 'auto')).bytes)).toBe(toHex(BYTES_300))
  })

  it('skips blank lines and accepts CRLF line ends', () => {
    const spaced = XXD_300.split('\n').join('\r\n\r\n') + '\r\n'
    expect(toHex(expectBytes(parseInput(spaced, 'auto')).bytes)).toBe(toHex(BYTES_300))
    expect(toHex(expectBytes(parseInput('\n\n' + HEXDUMP_300.replaceAll('\n', '\r\n') + '\n\n', 'auto')).bytes)).toBe(toHex(BYTES_300))
  })

  it('does not take plain hex with a leading zero group for a dump', () => {
    expect(expectBytes(parseInput('0000 8185 37fa', 'auto')).format).toBe('hex')
    expect(toHex(expectBytes(parseInput('0000 8185 37fa', 'auto')).bytes)).toBe('0000818537fa')
  })
})

describe('errors say what is wrong and where', () => {
  it('empty or white-space input', () => {
    for (const input of ['', '   ', '\n\t\r\n']) {
      for (const format of ['auto', 'hex', 'hexdump', 'base64'] as const) {
        expect(expectError(parseInput(input, format)).message).toBe('no bytes in input')
      }
    }
    expect(expectError(parseInputBytes(new Uint8Array(0), 'auto')).message).toBe('no bytes in input')
  })

  it('an odd number of hex digits', () => {
    const e = expectError(parseInput('818537fa213d7f9f4d515', 'auto'))
    expect(e.message).toBe('line 1, column 1: "818537fa213d7f9f4d515" has an odd number of hex digits (21); a byte needs two')
    expect([e.line, e.column, e.offset]).toEqual([1, 1, 0])
    const e2 = expectError(parseInput('8185 37fa\n213d 7f9\n', 'auto'))
    expect(e2.message).toMatch(/^line 2, column 6: "7f9" has an odd number of hex digits \(3\)/)
    expect([e2.line, e2.column, e2.offset]).toEqual([2, 6, 15])
    expect(expectError(parseInput('0x81, 0x853', 'hex')).message).toMatch(/^line 1, column 7: "0x853" has an odd number/)
  })

  it('single digits are bytes only where boundaries are explicit', () => {
    expect(toHex(expectBytes(parseInput('0x5, 0x81', 'auto')).bytes)).toBe('0581')
    expect(toHex(expectBytes(parseInput('5:81:0', 'auto')).bytes)).toBe('058100')
    expect(toHex(expectBytes(parseInput('5 81 a', 'auto')).bytes)).toBe('05810a')
    expect(toHex(expectBytes(parseInput('\\x5\\x81', 'auto')).bytes)).toBe('0581')
    expect(expectError(parseInput('8185 3 7fa2', 'auto')).message).toMatch(/^line 1, column 6: "3" has an odd number of hex digits \(1\)/)
  })

  it('a token that is not hex', () => {
    const e = expectError(parseInput('81 85\n37 zz 21', 'auto'))
    expect(e.message).toBe('line 2, column 4: "zz" is not a hex byte ("z" is not a hex digit)')
    expect([e.line, e.column, e.offset]).toEqual([2, 4, 9])
    expect(expectError(parseInput('0x81, 0xg5', 'auto')).message).toBe('line 1, column 7: "0xg5" is not a hex byte ("g" is not a hex digit)')
    expect(expectError(parseInput('0x81, 0x', 'auto')).message).toBe('line 1, column 7: "0x" is not followed by hex digits')
    expect(expectError(parseInput('hello', 'hex')).message).toBe('line 1, column 1: "hello" is not a hex byte ("h" is not a hex digit)')
    expect(expectError(parseInput('{0x81; 0x85}', 'hex')).message).toMatch(/^line 1, column 2: "0x81;" is not a hex byte \(";" is not a hex digit\)/)
  })

  it('a hex list with a typo is not taken for base64', () => {
    // "81 85 zz 3d" is valid base64 ("8185zz3d"), but it is plainly meant as hex
    expect(expectError(parseInput('81 85 zz 3d', 'auto')).message).toMatch(/^line 1, column 7: "zz" is not a hex byte/)
    expect(expectError(parseInput('0x81 0xzz', 'auto')).message).toMatch(/^line 1, column 6: "0xzz" is not a hex byte/)
  })

  it('a gap in dump offsets', () => {
    // hexdump -C: the second line claims offset 0x30 where 0x10 follows
    const gap = HEXDUMP_300.replace('00000010  ae', '00000030  ae')
    expect(expectError(parseInput(gap, 'auto')).message).toBe(
      'line 2, column 1: offset 00000030 leaves a gap of 32 bytes after line 1, which holds 16 bytes from offset 00000000 and so ends at offset 00000010',
    )
    // xxd: a line removed
    const lines = XXD_300.split('\n')
    const missing = [...lines.slice(0, 2), ...lines.slice(3)].join('\n')
    const e = expectError(parseInput(missing, 'auto'))
    expect(e.message).toBe(
      'line 3, column 1: offset 00000030 leaves a gap of 16 bytes after line 2, which holds 16 bytes from offset 00000010 and so ends at offset 00000020',
    )
    expect([e.line, e.column]).toEqual([3, 1])
    // xxd whose ASCII columns look like hex: the gap must not be filled by reading them as data
    const hexAsciiGap = xxdDump(text('deadbeefcafebabedeadbeefcafebabe'), 4).replace('00000008:', '0000000c:')
    expect(expectError(parseInput(hexAsciiGap, 'auto')).message).toMatch(/^line 3, column 1: offset 0000000c leaves a gap of 4 bytes after line 2/)
  })

  it('overlapping or decreasing dump offsets', () => {
    const overlap = HEXDUMP_300.replace('00000020  2b', '00000018  2b')
    expect(expectError(parseInput(overlap, 'auto')).message).toBe(
      'line 3, column 1: offset 00000018 does not follow line 2, which holds 16 bytes from offset 00000010 and so ends at offset 00000020',
    )
    const backwards = XXD_300.replace('00000020:', '00000008:')
    expect(expectError(parseInput(backwards, 'auto')).message).toMatch(/^line 3, column 1: offset 00000008 is not after the offset 00000010 of line 2/)
    const wrongEnd = HEXDUMP_HELLO.replace('0000000b', '0000000c')
    expect(expectError(parseInput(wrongEnd, 'auto')).message).toMatch(/^line 2, column 1: offset 0000000c leaves a gap of 1 bytes after line 1/)
  })

  it('a "*" with nothing to repeat or no end', () => {
    const noEnd = HEXDUMP_REPEAT.split('\n').slice(0, 3).join('\n')
    expect(expectError(parseInput(noEnd, 'hexdump')).message).toBe(
      'line 3, column 1: "*" (lines repeated) must be followed by the offset where the repetition ends',
    )
    const badEnd = HEXDUMP_REPEAT.replace('00000040  00', '00000048  00')
    expect(expectError(parseInput(badEnd, 'auto')).message).toMatch(/^line 4, column 1: offset 00000048 cannot end the repetition \("\*" on line 3\)/)
  })

  it('a bad byte in a dump', () => {
    const bad = HEXDUMP_300.replace('00000010  ae d1', '00000010  ae q1')
    expect(expectError(parseInput(bad, 'auto')).message).toBe('line 2, column 14: "q1" is not a hex byte')
    const badXxd = XXD_300.replace('00000010: aed1 5221', '00000010: aed1 5z21')
    expect(expectError(parseInput(badXxd, 'auto')).message).toBe('line 2, column 16: "5z21" is not a hex byte')
  })

  it('a line that is not a dump line', () => {
    const e = expectError(parseInput(XXD_HELLO + '\n$ echo done', 'auto'))
    expect(e.message).toMatch(/^line 2, column 1: expected a hex dump line starting with an offset/)
    expect(expectError(parseInput('81 85 37', 'hexdump')).message).toMatch(/^line 1, column 1: expected a hex dump line/)
    expect(expectError(parseInput('818537fa', 'hexdump')).message).toMatch(/^line 1, column 1: expected a hex dump line: an offset/)
  })

  it('hexdump and od without options (16-bit words) are refused with a hint', () => {
    // `hexdump hello.bin` and `od hello.bin`
    const hexdumpWords = ['0000000 8581 fa37 3d21 9f7f 514d 0058          ', '000000b'].join('\n')
    const odWords = ['0000000 102601 175067 036441 117577 050515 000130', '0000013'].join('\n')
    for (const input of [hexdumpWords, odWords]) {
      for (const format of ['auto', 'hex'] as const) {
        expect(expectError(parseInput(input, format)).message).toMatch(/^line 1, column 1: this looks like hexdump or od without options/)
      }
    }
  })

  it('bad base64', () => {
    const bad = expectError(parseInput('gYU3+iE9f59NUVg!', 'auto'))
    expect(bad.message).toBe('line 1, column 16: "!" is not a base64 character (A-Z a-z 0-9 and + / or - _)')
    expect([bad.line, bad.column, bad.offset]).toEqual([1, 16, 15])
    const short = expectError(parseInput('gYU3+iE9\nf59NU', 'base64'))
    expect(short.message).toBe('line 2, column 5: 13 base64 characters leave 1 over, which cannot make a byte (is the text cut short?)')
    expect(expectError(parseInput('gYU3+iE9f59NUVg==', 'base64')).message).toBe('line 1, column 16: wrong padding: 15 base64 characters take 1 "=", not 2')
    expect(expectError(parseInput('SGk=SGk=', 'base64')).message).toBe('line 1, column 5: "S" after "=" padding: padding may only end base64 text')
    expect(expectError(parseInput('gYU3+iE9f59N_Vg', 'base64')).message).toBe(
      'line 1, column 13: "_" mixes the URL-safe (- _) and standard (+ /) base64 alphabets ("+" at line 1, column 5)',
    )
  })

  it('an explicit format says why the text is not that format', () => {
    expect(expectError(parseInput(XXD_HELLO, 'base64')).message).toBe('line 1, column 9: ":" is not a base64 character (A-Z a-z 0-9 and + / or - _)')
    expect(expectError(parseInput(BASE64_HELLO, 'hex')).message).toMatch(/^line 1, column 1: "gYU3\+iE9f59NUVg=" is not a hex byte/)
    expect(expectError(parseInput(BASE64_HELLO, 'hexdump')).message).toMatch(/^line 1, column 1: expected a hex dump line/)
  })

  it('text that is valid hex and valid base64 is hex', () => {
    const result = expectBytes(parseInput('deadbeef', 'auto'))
    expect(result.format).toBe('hex')
    expect(toHex(result.bytes)).toBe('deadbeef')
    expect(toHex(expectBytes(parseInput('deadbeef', 'base64')).bytes)).toBe('75e69d6de79f')
  })
})

describe('parseInputBytes', () => {
  it('"raw" returns the bytes as they are', () => {
    const result = expectBytes(parseInputBytes(HELLO, 'raw'))
    expect(result.format).toBe('raw')
    expect(result.bytes).toBe(HELLO)
  })

  it('"auto" takes binary data as raw', () => {
    expect(expectBytes(parseInputBytes(HELLO, 'auto')).format).toBe('raw') // 0x81 cannot start UTF-8
    expect(expectBytes(parseInputBytes(Uint8Array.from([0x01, 0x03, 0x48, 0x69, 0x21]), 'auto')).format).toBe('raw') // control bytes
    expect(expectBytes(parseInputBytes(text('81 85\0'), 'auto')).format).toBe('raw')
    expect(toHex(expectBytes(parseInputBytes(BYTES_300, 'auto')).bytes)).toBe(toHex(BYTES_300))
  })

  it('"auto" decodes text as UTF-8 and recognises it', () => {
    expect(toHex(expectBytes(parseInputBytes(text(XXD_300 + '\n'), 'auto')).bytes)).toBe(toHex(BYTES_300))
    expect(toHex(expectBytes(parseInputBytes(text('\ufeff' + HEXDUMP_HELLO + '\r\n'), 'auto')).bytes)).toBe(toHex(HELLO))
    expect(toHex(expectBytes(parseInputBytes(text(BASE64_HELLO + '\n'), 'auto')).bytes)).toBe(toHex(HELLO))
    expect(toHex(expectBytes(parseInputBytes(text('81 85\f37'), 'auto')).bytes)).toBe('818537')
  })

  it('an explicit text format reports bytes that are not UTF-8', () => {
    const e = expectError(parseInputBytes(Uint8Array.from([0x38, 0x31, 0xff, 0x38]), 'hex'))
    expect(e.message).toBe('byte 2: the input is not UTF-8 text (byte 0xff), so it cannot be hex')
    expect(e.offset).toBe(2)
    expect(toHex(expectBytes(parseInputBytes(text('81 85'), 'hex')).bytes)).toBe('8185')
  })

  it('recognises UTF-8 exactly as TextDecoder does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
        let valid = true
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(data)
        } catch {
          valid = false
        }
        const result = parseInputBytes(data, 'hex')
        const notUtf8 = !result.ok && result.error.message.includes('not UTF-8')
        expect(notUtf8).toBe(!valid)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('properties', () => {
  const bytes = fc.uint8Array({ minLength: 1, maxLength: 200 })
  const roundTrips = (input: string, expected: Uint8Array, format: 'hex' | 'hexdump' | 'base64'): void => {
    const result = parseInput(input, 'auto')
    if (!result.ok) throw new Error(`${result.error.message}\n--- input ---\n${input}`)
    expect(toHex(result.value.bytes)).toBe(toHex(expected))
    expect(result.value.format).toBe(format)
  }

  it('plain hex with any separator style', () => {
    fc.assert(
      fc.property(bytes, fc.constantFrom('', ' ', '  ', ':', ',', '-', ', ', '\n', ' \t'), fc.boolean(), (data, sep, upper) => {
        roundTrips(Array.from(data, (b) => (upper ? hx(b).toUpperCase() : hx(b))).join(sep), data, 'hex')
      }),
    )
  })

  it('hex in groups and lines (xxd -p, groups of 2, 4, 8 bytes)', () => {
    fc.assert(
      fc.property(bytes, fc.constantFrom(2, 4, 8, 30), fc.constantFrom(' ', '\n'), (data, size, sep) => {
        roundTrips(
          chunks(data, size)
            .map((c) => toHex(c))
            .join(sep),
          data,
          'hex',
        )
      }),
    )
  })

  it('0x lists, C/JS arrays and \\x escapes, with or without leading zeros', () => {
    fc.assert(
      fc.property(
        bytes,
        fc.constantFrom(', ', ',', ' ', ',\n  '),
        fc.constantFrom(['', ''], ['{ ', ' }'], ['[', ']'], ['{\n  ', ',\n}']),
        fc.boolean(),
        fc.constantFrom('0x', '0X', '\\x'),
        (data, sep, [open, close], minimal, prefix) => {
          const item = (b: number): string => prefix + (minimal ? b.toString(16) : hx(b))
          const joined = prefix === '\\x' ? Array.from(data, item).join('') : Array.from(data, item).join(sep)
          roundTrips(open + joined + close, data, 'hex')
        },
      ),
    )
  })

  it('xxd dumps (any -c, -g, -u, start offset, trimmed or not)', () => {
    fc.assert(
      fc.property(
        bytes,
        fc.integer({ min: 1, max: 32 }),
        fc.constantFrom(1, 2, 4, 8),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 0xffff }),
        (data, cols, group, upper, trim, start) => {
          const dump = xxdDump(data, cols, group, upper, start)
          roundTrips(trim ? trimLines(dump) : dump, data, 'hexdump')
        },
      ),
    )
  })

  it('xxd dumps of text made of hex digits and spaces', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF '), minLength: 1, maxLength: 100 }),
        fc.integer({ min: 1, max: 24 }),
        fc.boolean(),
        (s, cols, trim) => {
          fc.pre(s.trim() !== '')
          const dump = xxdDump(text(s), cols)
          roundTrips(trim ? trimLines(dump) : dump, text(s), 'hexdump')
        },
      ),
    )
  })

  it('hexdump -C dumps, with "*" for repeated lines', () => {
    const block = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.integer({ min: 1, max: 100 }).map((n) => new Uint8Array(n)),
      fc.integer({ min: 16, max: 80 }).map((n) => new Uint8Array(n).fill(0x41)),
    )
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), (blocks) => {
        const data = Uint8Array.from(blocks.flatMap((b) => Array.from(b)))
        fc.pre(data.length > 0)
        roundTrips(hexdumpC(data), data, 'hexdump')
      }),
    )
  })

  it('Wireshark, od and tcpdump dumps', () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), (data, withAscii) => {
        roundTrips(wiresharkDump(data, withAscii), data, 'hexdump')
        roundTrips(odDump(data), data, 'hexdump')
        roundTrips(tcpdumpDump(data), data, 'hexdump')
      }),
    )
  })

  it('base64 (standard or URL-safe, padded or not, wrapped or not); hex wins when it is also hex', () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), fc.boolean(), fc.constantFrom(0, 64, 76), (data, urlSafe, padded, wrap) => {
        const encoded = base64(data, urlSafe, padded, wrap)
        expect(toHex(expectBytes(parseInput(encoded, 'base64')).bytes)).toBe(toHex(data))
        if (/^[0-9A-Fa-f\s]+$/.test(encoded)) {
          // text made only of hex digits is read as hex: as bytes, or as an odd-digit-count error ("AAA")
          const result = parseInput(encoded, 'auto')
          if (result.ok) expect(result.value.format).toBe('hex')
          else expect(result.error.message).toMatch(/odd number of hex digits/)
        } else if (parseInput(encoded, 'hex').ok) {
          // base64url that is also a hex layout ("aA-b"): hex wins
          expect(expectBytes(parseInput(encoded, 'auto')).format).toBe('hex')
        } else if (!encoded.endsWith('=') && encoded.trim().length < 8) {
          // short unpadded base64 is too like a word to be recognised; asked for, it is read
          expect(expectError(parseInput(encoded, 'auto')).message).toMatch(/not a recognisable format/)
        } else {
          roundTrips(encoded, data, 'base64')
        }
      }),
    )
  })

  it('says "not a recognisable format" for text that is neither hex nor laid out as base64', () => {
    for (const text of ['zz', 'iAA', 'hello world', 'gYU3+iE9f59N\nUVg\ngYU3+iE9']) {
      expect(expectError(parseInput(text, 'auto')).message).toMatch(/^line 1, column 1: not a recognisable format: not hex \(.*\), and /)
    }
    expect(expectError(parseInput('zz', 'auto')).message).toContain('"zz" is too short to be taken for base64 without padding')
    expect(toHex(expectBytes(parseInput('zz', 'base64')).bytes)).toBe('cf')
    expect(expectBytes(parseInput('zw==', 'auto')).format).toBe('base64')
  })

  it('any text gives bytes or an error, never an exception', () => {
    const anyText = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefxX:,-{}[]"\\|<>*= \t\n'), maxLength: 200 }),
      // mutated real inputs: a few characters replaced
      fc
        .tuple(
          fc.constantFrom(XXD_300, HEXDUMP_300, HEXDUMP_REPEAT, XXD_A_REPEAT, OD_REPEAT, BASE64_300, WIRESHARK_HELLO, XXD_HEX_ASCII),
          fc.array(fc.tuple(fc.nat(), fc.constantFrom(...'0 1f*|\n:zx=')), { maxLength: 4 }),
        )
        .map(([s, edits]) => {
          const chars = [...s]
          for (const [at, ch] of edits) chars[at % chars.length] = ch
          return chars.join('')
        }),
    )
    fc.assert(
      fc.property(anyText, fc.constantFrom('auto', 'hex', 'hexdump', 'base64') as fc.Arbitrary<'auto' | 'hex' | 'hexdump' | 'base64'>, (s, format) => {
        const result = parseInput(s, format)
        if (result.ok) {
          expect(result.value.bytes).toBeInstanceOf(Uint8Array)
        } else {
          expect(result.error.message).toMatch(/\S/)
          expect(result.error.message).not.toContain('\n')
          expect(result.error.line).toBeGreaterThanOrEqual(0)
          expect(result.error.column).toBeGreaterThanOrEqual(0)
          expect(result.error.offset).toBeGreaterThanOrEqual(0)
          expect(result.error.offset).toBeLessThanOrEqual(s.length)
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('any bytes give bytes or an error, never an exception', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom('auto', 'hex', 'hexdump', 'base64', 'raw') as fc.Arbitrary<'auto' | 'hex' | 'hexdump' | 'base64' | 'raw'>,
        (data, format) => {
          const result = parseInputBytes(data, format)
          expect(typeof result.ok).toBe('boolean')
        },
      ),
    )
  })
})
