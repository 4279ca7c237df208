/**
 * A page driven over a bare DevTools connection that only evaluates script in it, for the
 * benchmarks that stream. Playwright enables the Network domain on every page and worker it
 * attaches to, so the browser serialises every WebSocket frame (payload included) into an event
 * for it and its driver parses each one: at 5,000 msg/s that took about a third of a core of the
 * two this machine has (the page's socket worker, the browser process, its DevTools pipe, the
 * driver), which no user pays. The browser is still launched by Playwright (its switches), with
 * a debugging port; a page made there, outside Playwright's contexts, is left alone by it.
 */
import { createServer } from 'node:net'
import WebSocket from 'ws'

/** What the streaming benchmarks need of a page: script evaluated in it (a Playwright page is one too). */
export interface Evaluates {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>
}

/** A free port on 127.0.0.1 for Chromium's debugging endpoint. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

interface Reply {
  id: number
  result?: { result?: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } }
  error?: { message: string }
}

export class CdpPage implements Evaluates {
  private next = 1
  private readonly pending = new Map<number, { resolve: (r: Reply['result']) => void; reject: (e: Error) => void }>()
  private readonly listeners = new Map<string, ((params: never) => void)[]>()

  private constructor(
    private readonly socket: WebSocket,
    private readonly debugPort: number,
    private readonly targetId: string,
  ) {
    socket.on('message', (data) => {
      const reply = JSON.parse(String(data)) as Reply & { method?: string; params?: never }
      if (reply.method) for (const listener of this.listeners.get(reply.method) ?? []) listener(reply.params!)
      const waiting = this.pending.get(reply.id)
      if (!waiting) return
      this.pending.delete(reply.id)
      if (reply.error) waiting.reject(new Error(reply.error.message))
      else waiting.resolve(reply.result)
    })
    socket.on('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('the page closed'))
      this.pending.clear()
    })
  }

  /** Opens `url` in a new page of the browser listening on `debugPort`, at the given viewport. */
  static async open(debugPort: number, url: string, viewport: { width: number; height: number }): Promise<CdpPage> {
    const response = await fetch(`http://127.0.0.1:${debugPort}/json/new?about:blank`, { method: 'PUT' })
    if (!response.ok) throw new Error(`Chromium would not open a page: ${response.status} ${await response.text()}`)
    const target = (await response.json()) as { id: string; webSocketDebuggerUrl: string }
    const socket = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve)
      socket.once('error', reject)
    })
    const page = new CdpPage(socket, debugPort, target.id)
    await page.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false })
    await page.send('Page.navigate', { url })
    // Until the new document has loaded (before that, script would run in about:blank).
    for (
      let tries = 0;
      !(await page.evaluate(() => location.href !== 'about:blank' && document.readyState === 'complete', undefined).catch(() => false));
      tries++
    ) {
      if (tries > 600) throw new Error(`${url} did not load in 30 s`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return page
  }

  /** Calls `listener` with the parameters of each event named `method` (e.g. Tracing.dataCollected). */
  on<P>(method: string, listener: (params: P) => void): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), listener as (params: never) => void])
  }

  send<R = Reply['result']>(method: string, params: object = {}): Promise<R> {
    const id = this.next++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: Reply['result']) => void, reject })
      this.socket.send(JSON.stringify({ id, method, params }))
    })
  }

  async evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const result = await this.send('Runtime.evaluate', {
      // tsx keeps function names with a __name() helper, which the functions carry into the page.
      expression: `globalThis.__name ??= (f) => f; (${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`,
      awaitPromise: true,
      returnByValue: true,
    })
    if (result?.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text)
    return result?.result?.value as R
  }

  async close(): Promise<void> {
    this.socket.close()
    await fetch(`http://127.0.0.1:${this.debugPort}/json/close/${this.targetId}`).catch(() => undefined)
  }
}
