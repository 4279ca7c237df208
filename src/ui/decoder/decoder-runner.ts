/**
 * Runs decodes as the input changes: debounced while typing, synchronously for small pastes,
 * in the Web Worker for large ones, cancelling (terminating) a worker still busy with an older
 * input. Only the answer to the latest request is kept.
 */
import { runDecodeJob, type DecodeRequest } from './decode-job.ts'
import type { WorkerAnswer } from './decode.worker.ts'
import { queryOf, useDecoderInputStore } from './decoder-input-store.ts'
import { useDecoderResultStore } from './decoder-result-store.ts'

/** Pastes up to this many characters decode on the main thread: well under a frame's time. */
export const SYNC_LIMIT = 64 * 1024
const DEBOUNCE_MS = 250

export function startDecoderRunner(): () => void {
  let latest = 0
  let worker: Worker | null = null
  let busy = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const result = useDecoderResultStore.getState()

  const cancelWorker = () => {
    worker?.terminate()
    worker = null
    busy = false
  }

  const run = () => {
    const request: DecodeRequest = { ...queryOf(useDecoderInputStore.getState()), id: ++latest }
    if (busy) cancelWorker()
    if (request.text.length <= SYNC_LIMIT) {
      result.finished(runDecodeJob(request))
      return
    }
    result.started()
    worker ??= createWorker()
    busy = true
    worker.onmessage = (event: MessageEvent<WorkerAnswer>) => {
      const answer = event.data
      if (answer.kind === 'progress') {
        if (answer.id === latest) result.progressed(answer.progress)
      } else if (answer.output.id === latest) {
        busy = false
        result.finished(answer.output)
      }
    }
    worker.onerror = (event) => {
      event.preventDefault()
      cancelWorker()
      result.failed(`The decoder worker failed: ${event.message || 'unknown error'}`)
    }
    worker.postMessage(request)
  }

  const unsubscribe = useDecoderInputStore.subscribe((s, prev) => {
    if (s.text === prev.text && s.format === prev.format && s.from === prev.from && s.extensions === prev.extensions) return
    clearTimeout(timer)
    timer = setTimeout(run, DEBOUNCE_MS)
  })
  run()
  return () => {
    unsubscribe()
    clearTimeout(timer)
    cancelWorker()
  }
}

function createWorker(): Worker {
  return new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' })
}
