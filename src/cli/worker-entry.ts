/**
 * The module a worker thread of the command line runs: the bundle's payload-worker.mjs (set by
 * run.ts), or in tests its TypeScript source. Null when the command line runs in-process
 * without one: nothing then starts workers.
 */
let entry: URL | null = null

export function setWorkerEntry(url: URL | null): void {
  entry = url
}

export function workerEntry(): URL | null {
  return entry
}
