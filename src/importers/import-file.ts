/**
 * The one entry point for a dropped or picked file: tells the format from the first bytes
 * (pcap magic in either byte order and resolution, the pcapng Section Header Block, or JSON:
 * a HAR log or a wsinspect session file) and hands the bytes to that importer.
 */
import { importSessionsJsonValue, isSessionJson } from './session-json.ts'
import { importHarValue, isHar } from './har-import.ts'
import { emptyResult, ProgressReporter, type ImportFormat, type ImportOptions, type ImportResult } from './import-result.ts'
import { parseJsonText } from './json-text.ts'
import { importCapture } from './pcap-import.ts'
import { pcapMagic } from './pcap-file.ts'
import { isPcapng } from './pcapng-file.ts'

/** What the first bytes say; 'unknown' for JSON that is neither HAR nor wsinspect JSON too. */
export function sniffFormat(bytes: Uint8Array): ImportFormat | 'json' {
  if (pcapMagic(bytes)) return 'pcap'
  if (isPcapng(bytes)) return 'pcapng'
  let p = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (p < bytes.length && (bytes[p] === 0x20 || bytes[p] === 0x09 || bytes[p] === 0x0a || bytes[p] === 0x0d)) p++
  return bytes[p] === 0x7b /* { */ ? 'json' : 'unknown'
}

/** Imports a whole file of any supported format. Never throws. */
export function importFile(bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
  const format = sniffFormat(bytes)
  if (format === 'pcap' || format === 'pcapng') return importCapture(bytes, options)
  if (format === 'unknown') {
    const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')
    return { ...emptyResult('unknown'), errors: [{ message: `unrecognised file: it starts with ${hex || 'nothing'}, which is not pcap, pcapng, HAR or wsinspect JSON`, offset: 0 }] }
  }
  // JSON parses in one step: progress can only say "started" and "done".
  const progress = new ProgressReporter(options.onProgress, bytes.length)
  progress.update(0)
  const parsed = parseJsonText(bytes)
  let result: ImportResult
  if (!parsed.ok) result = { ...emptyResult('unknown'), errors: [parsed.error] }
  else if (isSessionJson(parsed.value)) result = importSessionsJsonValue(parsed.value)
  else if (isHar(parsed.value)) result = importHarValue(parsed.value, options)
  else result = { ...emptyResult('unknown'), errors: [{ message: 'JSON file is neither a HAR log (log.entries) nor a wsinspect session file (format "wsinspect-session")', offset: 0 }] }
  progress.finish()
  return result
}
