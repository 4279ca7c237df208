/**
 * Every importer. Adding one = its file + one line here. The first whose sniff says yes takes
 * the file, so the formats told by their first bytes come before those that need a parse.
 */
import { harImporter } from './har-import.ts'
import type { ImportFormat } from './import-result.ts'
import type { Importer, ImportProbe } from './importer.ts'
import { pcapImporter, pcapngImporter } from './pcap-import.ts'
import { sessionJsonImporter } from './session-json.ts'

export const IMPORTERS: readonly Importer[] = [pcapImporter, pcapngImporter, sessionJsonImporter, harImporter]

export function importerFor(probe: ImportProbe): Importer | null {
  return IMPORTERS.find((importer) => importer.sniff(probe)) ?? null
}

/** The format in words ('pcap capture', 'HAR log'…). */
export function formatLabel(format: ImportFormat): string {
  return IMPORTERS.find((importer) => importer.format === format)?.label ?? 'unrecognised file'
}
