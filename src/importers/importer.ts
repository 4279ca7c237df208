/**
 * What an importer is: a format the app reads files of. The registry (importers.ts) lists them;
 * `importFile` and the app's import worker both pick one by asking each in turn whether the
 * file looks like its format, like Wireshark's heuristic dissectors.
 */
import type { ImportFormat, ImportOptions, ImportResult } from './import-result.ts'

/** A file as the sniffers see it. */
export interface ImportProbe {
  /** The first bytes of the file (all of it when it is small or read whole). */
  readonly head: Uint8Array
  /**
   * The whole file parsed as JSON, or undefined when it is not JSON — or not read whole yet
   * (the import worker sniffs the first slice of a big file before reading the rest).
   */
  json(): unknown
}

export interface Importer {
  format: Exclude<ImportFormat, 'unknown'>
  /** The format in words, as the import report names it. */
  label: string
  /** Whether the file is in this format. */
  sniff(probe: ImportProbe): boolean
  /** Imports a whole file held in memory. Never throws. */
  import(probe: ImportProbe & { readonly bytes: Uint8Array }, options: ImportOptions): ImportResult
  /** For formats worth reading slice by slice (a 100 MB capture): an importer to push slices to. */
  stream?(options: ImportOptions & { totalBytes: number }): { push(bytes: Uint8Array): void; finish(): ImportResult }
}
