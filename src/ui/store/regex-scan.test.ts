import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { compileFilter, NO_FILTER } from './message-filter.ts'
import { MessageStore } from './message-store.ts'
import { RegexScan, type RegexPort } from './regex-scan.ts'

/** A real thread the scan can terminate, running what regex.worker.ts runs. */
function threadPort(): RegexPort & { terminated: boolean } {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads')
     parentPort.on('message', ({ source, flags, texts }) => {
       const re = new RegExp(source, flags)
       parentPort.postMessage(texts.flatMap((text, k) => (re.test(text) ? [k] : [])))
     })`,
    { eval: true },
  )
  const port = {
    terminated: false,
    run: (request: object) =>
      new Promise<number[]>((resolve) => {
        worker.once('message', resolve)
        worker.postMessage(request)
      }),
    terminate: () => {
      port.terminated = true
      void worker.terminate()
    },
  }
  return port
}

function scanOf(store: MessageStore, text: string, port: RegexPort, budgetMs: number) {
  const compiled = compileFilter({ ...NO_FILTER, text, regex: true })
  if (!compiled.ok || !compiled.value.regex) throw new Error('not a regex filter')
  let answered = () => {}
  const scan = new RegexScan(
    store,
    compiled.value.matcher!,
    compiled.value.regex,
    () => port,
    () => answered(),
    budgetMs,
  )
  const settle = async () => {
    while (!scan.step()) await new Promise<void>((resolve) => (answered = resolve))
  }
  return { scan, settle }
}

describe('RegexScan', () => {
  it('stops a runaway regex at its time budget, keeps the matches before it, and the main thread never waits', async () => {
    const store = new MessageStore()
    store.append({ t: 0, sender: 'server', type: 'text', data: 'hello world' })
    // Exponential backtracking: every way of splitting 40 letters into words is tried before failing on '!'.
    store.append({ t: 1, sender: 'server', type: 'text', data: `${'a'.repeat(40)}!` })
    const port = threadPort()
    const { scan, settle } = scanOf(store, '^(\\w+\\s?)*$', port, 300)
    // A timer due long before the budget runs out: it fires during the scan only if the main thread is free
    // (a same-thread match would block it until the scan ended). Timers fire in deadline order, so load cannot flake it.
    let firedDuringScan = false
    let scanning = true
    setTimeout(() => (firedDuringScan = scanning), 10)
    const started = performance.now()
    await settle()
    scanning = false
    const took = performance.now() - started
    expect(scan.stopped).toMatch(/more than 0.3 s on messages 1–2 and was stopped/)
    expect(port.terminated).toBe(true)
    expect(scan.done).toBe(true)
    expect(took).toBeLessThan(5_000)
    expect(firedDuringScan).toBe(true)
  })

  it('a regex that finishes in time gives the same rows as a same-thread match', async () => {
    const store = new MessageStore()
    for (let i = 0; i < 10_000; i++) store.append({ t: i, sender: i % 2 ? 'server' : 'client', type: 'text', data: `{"seq":${i}}` })
    const port = threadPort()
    const { scan, settle } = scanOf(store, '"seq":\\d*7}$', port, 5_000)
    await settle()
    port.terminate()
    expect(scan.stopped).toBeNull()
    expect(scan.count()).toBe(1000)
    expect(scan.messageAt(0)).toBe(7)
  })
})
