/**
 * The decoder's whole state in the URL hash (`#/decoder?from=client&ext=…&z=…`), so a link
 * reproduces a decode. The paste travels compressed: raw DEFLATE, then base64url. A paste
 * whose compressed form does not fit in a link is left out, and the page says so.
 */
import { deflateRaw, inflateRaw } from 'pako'
import { encodeBase64, utf8Decode, utf8Encode, type Sender } from '../../protocol/index.ts'
import { parseInput, type TextInputFormat } from '../../input/index.ts'
import { formatCount } from '../components/format.ts'

export interface DecoderQuery {
  text: string
  format: TextInputFormat
  from: Sender
  extensions: string
}

export interface LinkResult {
  /** The query to put after `#/decoder?`. Without the paste when it does not fit. */
  query: string
  /** Why the link does not hold the paste, or null when it does. */
  problem: string | null
}

/**
 * Longest query a link carries. Browsers accept hashes of megabytes, but links that long are
 * cut by chat tools, mail and address bars; 64 KiB still holds a compressed paste of several
 * hundred kilobytes of hex dump.
 */
export const MAX_LINK_QUERY = 64 * 1024

const FORMATS: readonly TextInputFormat[] = ['auto', 'hex', 'hexdump', 'base64']

export function encodeDecoderQuery(state: DecoderQuery): LinkResult {
  const params = new URLSearchParams()
  params.set('from', state.from)
  if (state.format !== 'auto') params.set('input', state.format)
  if (state.extensions.trim() !== '') params.set('ext', state.extensions)
  const base = params.toString()
  if (state.text === '') return { query: base, problem: null }
  const z = toBase64Url(deflateRaw(utf8Encode(state.text), { level: 9 }))
  const query = `${base}&z=${z}`
  if (query.length > MAX_LINK_QUERY) {
    return {
      query: base,
      problem: `The link cannot hold this paste: compressed it takes ${formatCount(query.length)} characters, more than the ${formatCount(MAX_LINK_QUERY)} a link can safely carry. The link keeps the direction and extensions only.`,
    }
  }
  return { query, problem: null }
}

/** Reads a decoder query; a damaged `z` is reported rather than silently ignored. */
export function decodeDecoderQuery(query: string): { state: DecoderQuery; problem: string | null } {
  const params = new URLSearchParams(query)
  const format = params.get('input') as TextInputFormat | null
  const state: DecoderQuery = {
    text: '',
    format: format && FORMATS.includes(format) ? format : 'auto',
    from: params.get('from') === 'server' ? 'server' : 'client',
    extensions: params.get('ext') ?? '',
  }
  const z = params.get('z')
  if (z === null) return { state, problem: null }
  const packed = parseInput(z, 'base64')
  try {
    if (!packed.ok) throw new Error(packed.error.message)
    const inflated = inflateRaw(packed.value.bytes)
    if (!inflated) throw new Error('not DEFLATE data')
    state.text = utf8Decode(inflated)
    return { state, problem: null }
  } catch (e) {
    return { state, problem: `The link's paste is damaged (${e instanceof Error ? e.message : String(e)}); was it cut short?` }
  }
}

function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
