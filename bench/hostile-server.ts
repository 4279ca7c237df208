/**
 * The server under attack in `npm run bench -- hostile`, in a process of its own so that its
 * memory is its own: prints its port, then answers each "rss" line on stdin with its current
 * and peak resident set size in bytes, as JSON.
 */
import { createInterface } from 'node:readline'
import { startCompanionServer } from '../src/server/http-server.ts'

const server = await startCompanionServer({ port: 0, host: '127.0.0.1', appDir: null, log: (line) => process.stderr.write(`${line}\n`) })
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`)
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'rss') process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage.rss(), maxRss: process.resourceUsage().maxRSS * 1024 })}\n`)
})
process.stdin.on('end', () => void server.close().then(() => process.exit(0)))
