/**
 * A session as a file to download: wsinspect's lossless JSON (re-imports exactly) or a HAR 1.2
 * log (messages and handshake, for tools that read HAR). The file is named after the session.
 */
import { exportHarText, exportSessionsJson } from '../../importers/index.ts'
import { redactSession } from '../../shared/redact.ts'
import type { Session } from '../../shared/session.ts'

export type ExportFormat = 'json' | 'har'

export interface ExportFile {
  name: string
  text: string
  type: string
}

/** "ws://127.0.0.1:8080/feed?x=1" → "ws-127.0.0.1-8080-feed-x-1": safe on every file system. */
export function fileBaseName(name: string): string {
  const base = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80)
  return base || 'session'
}

/** The file for a session; its credentials (handshake Authorization, Cookie…, URL tokens) are redacted unless `secrets`. */
export function sessionExportFile(original: Session, format: ExportFormat, secrets = false): ExportFile {
  const session = secrets ? original : redactSession(original)
  const base = fileBaseName(session.info.name)
  return format === 'json'
    ? { name: `${base}.wsinspect.json`, text: exportSessionsJson([session]), type: 'application/json' }
    : { name: `${base}.har`, text: exportHarText([session]), type: 'application/json' }
}
