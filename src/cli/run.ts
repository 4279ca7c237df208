/**
 * The command line as a process: the entry of the bundle in build/ (bin/wsinspect.mjs loads it
 * after checking the bundle is current). Runs main with the process's arguments on import.
 */
import { noteStart } from './free-core.ts'
import { main } from './main.ts'
import { setWorkerEntry } from './worker-entry.ts'

noteStart()
// Built next to this file from payload-worker.ts (scripts/cli-bundle.mjs).
setWorkerEntry(new URL('./payload-worker.mjs', import.meta.url))
// A reader that stops early (`| head`) ends the output, not with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') process.stderr.write(`wsinspect: cannot write the output: ${e.message}\n`)
  process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 1)
})
process.exitCode = await main(process.argv.slice(2))
