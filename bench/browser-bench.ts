/** What the browser benchmarks share: the companion server they drive and Debian's Chromium. */
import { spawn, type ChildProcess } from 'node:child_process'
import { chromium, type Browser } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.ts'

/** `wsinspect serve` on the port, resolved once it says it is running with the app built (a stale app is rebuilt first). */
export async function startServer(port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['bin/wsinspect.mjs', 'serve', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] })
  await new Promise<void>((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk
      if (output.includes('could not be built')) reject(new Error(`the companion server could not build the app:\n${output}`))
      const building = output.includes('reload themselves') && !output.includes('The app is built.')
      if (output.includes('is running at') && !building) resolve()
    }
    server.stdout!.on('data', onData)
    server.stderr!.on('data', onData)
    server.on('exit', (code) => reject(new Error(`the companion server exited (${code}):\n${output}`)))
  })
  return server
}

export function launchChromium(): Promise<Browser> {
  // performance.memory with exact figures, for the heap measurements.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] })
}
