/** Paste recognition: hex, hex dumps and base64 as users copy them, read into bytes with where each byte came from. */
export { isRawByPrefix, parseInput, parseInputBytes } from './input-format.ts'
export type { ByteInputFormat, InputError, InputFormat, InputResult, ParseInputOptions, RecognisedInput, TextInputFormat } from './input-format.ts'
export { LineIndex, textRangeOfBytes } from './input-locations.ts'
export type { ByteLocations, TextPosition, TextRange } from './input-locations.ts'
