/**
 * The decoder page's Web Worker: parses and decodes large pastes off the main thread, posting
 * progress as it goes. Cancelling is terminating the worker: the page does that when the input
 * changes mid-decode, so a stale 10 MB decode never competes with the new one.
 */
import { runDecodeJob, type DecodeOutput, type DecodeProgress, type DecodeRequest } from './decode-job.ts'

export type WorkerAnswer = { kind: 'progress'; id: number; progress: DecodeProgress } | { kind: 'done'; output: DecodeOutput }

/** Progress messages are rate-limited: the page repaints a bar, not every chunk. */
const PROGRESS_INTERVAL_MS = 50

self.onmessage = (event: MessageEvent<DecodeRequest>) => {
  const request = event.data
  let last = 0
  const output = runDecodeJob(request, (progress) => {
    const now = performance.now()
    if (now - last < PROGRESS_INTERVAL_MS) return
    last = now
    post({ kind: 'progress', id: request.id, progress })
  })
  // The big arrays move to the page instead of being copied.
  const transfer: Transferable[] = [output.bytes.buffer as ArrayBuffer]
  if (output.locations) transfer.push(output.locations.start.buffer, output.locations.end.buffer)
  post({ kind: 'done', output }, transfer)
}

function post(answer: WorkerAnswer, transfer: Transferable[] = []): void {
  self.postMessage(answer, { transfer })
}
