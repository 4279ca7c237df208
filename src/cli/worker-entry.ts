/**
 * The module a worker thread of the command line runs: the bundle's entry, which serves the
 * worker's task when it starts on one (run.ts). Null when the command line runs in-process (its
 * tests): nothing then starts workers.
 */
let entry: URL | null = null

export function setWorkerEntry(url: URL | null): void {
  entry = url
}

export function workerEntry(): URL | null {
  return entry
}

/** What a worker started from the entry is for: naming payloads for `decode --stats`. */
export const PAYLOAD_COUNT_TASK = 'wsinspect:payload-counts'
