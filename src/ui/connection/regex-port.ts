/** The browser's RegexPort: a module worker, one request at a time, terminated when a regex runs over budget. */
import type { RegexPort } from '../store/regex-scan.ts'

export function createRegexWorker(): RegexPort {
  const worker = new Worker(new URL('./regex.worker.ts', import.meta.url), { type: 'module', name: 'log filter regex' })
  let pending: { resolve: (hits: number[]) => void; reject: (error: Error) => void } | null = null
  worker.onmessage = (e: MessageEvent<number[]>) => {
    pending?.resolve(e.data)
    pending = null
  }
  worker.onerror = (e) => {
    pending?.reject(new Error(e.message || 'the regex worker failed'))
    pending = null
  }
  return {
    run: (request) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject }
        worker.postMessage(request)
      }),
    terminate: () => worker.terminate(),
  }
}
