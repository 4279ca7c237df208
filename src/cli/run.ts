/**
 * The command line as a process: the entry of the bundle in build/ (bin/wsinspect.mjs loads it
 * after checking the bundle is current). Runs main with the process's arguments on import; on a
 * worker thread the command line started (from this same file), serves that worker's task.
 */
import { isMainThread, workerData } from 'node:worker_threads'
import { main } from './main.ts'
import { PAYLOAD_COUNT_TASK, setWorkerEntry } from './worker-entry.ts'
import { noteStart } from './free-core.ts'

if (isMainThread) {
  noteStart()
  setWorkerEntry(new URL(import.meta.url))
  // A reader that stops early (`| head`) ends the output, not with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`wsinspect: cannot write the output: ${e.message}\n`)
    process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 1)
  })
  process.exitCode = await main(process.argv.slice(2))
} else if ((workerData as { task?: string } | null)?.task === PAYLOAD_COUNT_TASK) {
  await (await import('./payload-count-worker.ts')).servePayloadCounts()
}
