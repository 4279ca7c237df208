/**
 * The import/export layer's public surface. Pure TypeScript with no DOM or Node APIs: it runs
 * in a Web Worker. A worker calls `importFile` (or feeds a `CaptureImporter` chunk by chunk)
 * with an `onProgress` callback, and posts the result's sessions back.
 */
export * from './import-result.ts'
export { importFile, probeOf } from './import-file.ts'
export { formatLabel, importerFor, IMPORTERS } from './importers.ts'
export type { Importer, ImportProbe } from './importer.ts'
export { CaptureImporter, importCapture, type CaptureImportOptions } from './pcap-import.ts'
export { importHar, importHarValue } from './har-import.ts'
export { exportHar, exportHarText, type HarExportOptions } from './har-export.ts'
export type { HarLog, HarEntry, HarWebSocketMessage } from './har-format.ts'
export { exportSessionsJson, importSessionsJson, importSessionsJsonValue, SESSION_JSON_FORMAT, SESSION_JSON_VERSION } from './session-json.ts'
// Capture writing, for tests, benchmarks and tools that make captures.
export { PcapWriter, type PcapWriterOptions } from './pcap-writer.ts'
export { linkFrame, tcpPacket, TcpConversation, type TcpPacketSpec } from './packet-builder.ts'
export { LinkType } from './link-layer.ts'
