/**
 * The one entry point for a dropped or picked file: the registry's importers sniff it (pcap
 * magic in either byte order and resolution, the pcapng Section Header Block, or JSON that is
 * a wsinspect session file or a HAR log) and the first that recognises it imports it.
 */
import { toHex } from '../protocol/index.ts'
import { emptyResult, ProgressReporter, type ImportOptions, type ImportResult } from './import-result.ts'
import type { ImportProbe } from './importer.ts'
import { importerFor } from './importers.ts'
import { parseJsonText, type JsonParse } from './json-text.ts'

/** A probe of bytes: `whole` when they are the entire file (only then can JSON be parsed). */
export function probeOf(bytes: Uint8Array, whole = true): ImportProbe & { readonly bytes: Uint8Array; parse(): JsonParse | null } {
  let parsed: JsonParse | null | undefined
  const parse = () => (parsed ??= whole && startsLikeJson(bytes) ? parseJsonText(bytes) : null)
  return {
    bytes,
    head: bytes,
    parse,
    json: () => {
      const result = parse()
      return result?.ok ? result.value : undefined
    },
  }
}

/** A UTF-8 byte-order mark and whitespace, then `{`. */
function startsLikeJson(bytes: Uint8Array): boolean {
  let p = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (p < bytes.length && (bytes[p] === 0x20 || bytes[p] === 0x09 || bytes[p] === 0x0a || bytes[p] === 0x0d)) p++
  return bytes[p] === 0x7b /* { */
}

/** Imports a whole file of any supported format. Never throws. */
export function importFile(bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
  const probe = probeOf(bytes)
  const importer = importerFor(probe)
  if (importer?.stream) return importer.import(probe, options)
  // A file read in one step reports "started" and "done"; an importer that streams reports as it goes.
  const progress = new ProgressReporter(options.onProgress, bytes.length)
  progress.update(0)
  const result = importer ? importer.import(probe, options) : unrecognised(probe.bytes, probe.parse())
  progress.finish()
  return result
}

function unrecognised(bytes: Uint8Array, parsed: JsonParse | null): ImportResult {
  if (parsed && !parsed.ok) return { ...emptyResult('unknown'), errors: [parsed.error] }
  if (parsed)
    return {
      ...emptyResult('unknown'),
      errors: [{ message: 'JSON file is neither a HAR log (log.entries) nor a wsinspect session file (format "wsinspect-session")', offset: 0 }],
    }
  const hex = toHex(bytes.subarray(0, 4), ' ')
  return {
    ...emptyResult('unknown'),
    errors: [{ message: `unrecognised file: it starts with ${hex || 'nothing'}, which is not pcap, pcapng, HAR or wsinspect JSON`, offset: 0 }],
  }
}
