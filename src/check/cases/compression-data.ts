/**
 * Test data for the permessage-deflate sections, generated (deterministically) in the spirit
 * of the Autobahn TestSuite's files: JSON, a bitmap, German prose, HTML and a PDF-like mix.
 * The text sets are ASCII so that any slice of them is valid UTF-8.
 */
export interface CompressionData {
  title: string
  type: 'text' | 'binary'
  bytes: Uint8Array
}

const SIZE = 96 * 1024

/** xorshift32: the same bytes on every run and every machine. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s
  }
}

function fill(generate: (next: () => number) => string): Uint8Array {
  const next = prng(0x9e3779b9)
  let text = ''
  while (text.length < SIZE) text += generate(next)
  return new TextEncoder().encode(text).subarray(0, SIZE)
}

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'value', 'name', 'id', 'items', 'status', 'created', 'updated', 'owner', 'tags', 'count']
const GERMAN = [
  'Habe',
  'nun',
  'ach',
  'Philosophie',
  'Juristerei',
  'und',
  'Medizin',
  'leider',
  'auch',
  'Theologie',
  'durchaus',
  'studiert',
  'mit',
  'heißem',
  'Bemühn',
  'Da',
  'steh',
  'ich',
  'nun',
  'ich',
  'armer',
  'Tor',
  'Und',
  'bin',
  'so',
  'klug',
  'als',
  'wie',
  'zuvor',
  'Größe',
  'Übel',
]

function json(): Uint8Array {
  return fill((next) => {
    const pick = () => WORDS[next() % WORDS.length]
    return `{"${pick()}":${next() % 100000},"${pick()}":"${pick()}-${next() % 1000}","${pick()}":[${next() % 10},${next() % 100},${next() % 1000}],"${pick()}":${next() % 2 === 0}},\n`
  })
}

function html(): Uint8Array {
  return fill(
    (next) =>
      `<div class="row r${next() % 8}"><span id="c${next() % 10000}">${WORDS[next() % WORDS.length]}</span><a href="/p/${next() % 500}">${WORDS[next() % WORDS.length]}</a></div>\n`,
  )
}

function prose(): Uint8Array {
  return fill((next) => `${GERMAN[next() % GERMAN.length]}${next() % 9 === 0 ? ',\n' : ' '}`)
}

function bitmap(): Uint8Array {
  const out = new Uint8Array(SIZE)
  const next = prng(7)
  for (let i = 0; i < SIZE; i++) {
    const x = i % 512
    const y = Math.floor(i / 512)
    out[i] = ((x * 3 + y * 5) ^ (next() & 0x07)) & 0xff
  }
  return out
}

function pdf(): Uint8Array {
  const out = new Uint8Array(SIZE)
  const next = prng(42)
  const text = new TextEncoder().encode('obj << /Type /Page /Length 4096 /Filter /FlateDecode >> stream\n')
  for (let i = 0; i < SIZE; i++) out[i] = (i >> 10) % 3 === 0 ? text[i % text.length] : next() & 0xff
  return out
}

let cache: CompressionData[] | null = null

/** 12.1 … 12.5, in Autobahn's order. */
export function compressionData(): CompressionData[] {
  cache ??= [
    { title: 'Large JSON data (utf8)', type: 'text', bytes: json() },
    { title: 'A bitmap picture (binary)', type: 'binary', bytes: bitmap() },
    { title: 'Human readable German text (binary)', type: 'binary', bytes: prose() },
    { title: 'Large HTML data (utf8)', type: 'text', bytes: html() },
    { title: 'A larger PDF-like mix of text and noise (binary)', type: 'binary', bytes: pdf() },
  ]
  return cache
}
