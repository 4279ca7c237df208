import { isValidUtf8, toHex, utf8Decode } from '../../protocol/index.ts'
import { prettyJson } from '../components/payload-view.tsx'

/** Bytes a line in the hex form of a binary payload: differences line up as in a hex dump. */
const HEX_LINE = 16

export interface DiffSide {
  text: string
  language: 'json' | 'plaintext'
}

/**
 * The two payloads as texts worth comparing line by line: pretty JSON when both parse (key by
 * key), text when both are UTF-8, else both as hex, sixteen bytes a line.
 */
export function diffTexts(a: Uint8Array, b: Uint8Array): [DiffSide, DiffSide] {
  const texts = isValidUtf8(a) && isValidUtf8(b) ? [utf8Decode(a), utf8Decode(b)] : null
  if (texts) {
    const json = texts.map(prettyJson)
    if (json[0] !== null && json[1] !== null) return [side(json[0], 'json'), side(json[1], 'json')]
    return [side(texts[0], 'plaintext'), side(texts[1], 'plaintext')]
  }
  return [side(hexLines(a), 'plaintext'), side(hexLines(b), 'plaintext')]
}

function side(text: string, language: DiffSide['language']): DiffSide {
  return { text, language }
}

function hexLines(data: Uint8Array): string {
  const lines: string[] = []
  for (let at = 0; at < data.length; at += HEX_LINE) lines.push(toHex(data.subarray(at, at + HEX_LINE), ' '))
  return lines.join('\n')
}
