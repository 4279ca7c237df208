/**
 * What a worker thread of the command line runs (build/payload-worker.mjs): it names payloads for
 * `decode --stats` (see payload-count-worker.ts). A file of its own, so that the command line's
 * entry loads nothing of workers.
 */
import { servePayloadCounts } from './payload-count-worker.ts'

await servePayloadCounts()
