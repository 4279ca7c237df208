/**
 * Tests on a message's first byte (-1 when it is empty) that sniffers' `starts` gates are made
 * of. Text is decoded with its byte order mark dropped, so any text may start with 0xEF.
 */
const BOM_FIRST = 0xef
const JSON_SPACE = [0x20, 0x09, 0x0a, 0x0d]
const codes = (chars: string) => [...chars].map((c) => c.charCodeAt(0))

function byteSet(...groups: number[][]): (b: number) => boolean {
  const set = new Uint8Array(256)
  for (const b of [BOM_FIRST, ...groups.flat()]) set[b] = 1
  return (b) => b >= 0 && set[b] === 1
}

/** Text whose first character is one of `chars` (ASCII). */
export const textStartsWith = (chars: string) => byteSet(codes(chars))
/** A JSON text of any type (white space may come first, RFC 8259 §2). */
export const mayBeJson = byteSet(JSON_SPACE, codes('{["-0123456789tfn'))
/** A JSON object. */
export const mayBeJsonObject = byteSet(JSON_SPACE, codes('{'))
/** A JSON object or array. */
export const mayBeJsonContainer = byteSet(JSON_SPACE, codes('{['))
/** A JSON array. */
export const mayBeJsonArray = byteSet(JSON_SPACE, codes('['))
