import type { CaseContext, Script } from '../case-definition.ts'
import { sameBytes } from '../observed.ts'

export interface EchoRound {
  type: 'text' | 'binary'
  data: Uint8Array
  /** The bytes to write: the message framed (and compressed) as the case wants. */
  wire: Uint8Array
  /** Write in chops of this many octets. */
  chop?: number
}

/**
 * Sends messages one at a time and waits for each echo (Autobahn's sections 9, 10, 12, 13):
 * OK with the time taken when every echo matches, FAILED at the first that does not.
 */
export function* echoLoop(ctx: CaseContext, count: number, round: (i: number) => EchoRound): Script {
  const start = ctx.now()
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const message = round(i)
    bytes += message.data.length
    yield { op: 'send', bytes: message.wire, chop: message.chop }
    const echo = yield { op: 'receive' }
    if (!echo || echo.kind !== 'message') {
      ctx.judge('FAILED', `expected the echo of message ${i + 1} of ${count}, got ${echo ? echo.kind : 'nothing'}`)
      return
    }
    if (echo.type !== message.type) return ctx.judge('FAILED', `message ${i + 1}: echoed as ${echo.type}, sent as ${message.type}`)
    if (echo.data.length !== message.data.length) return ctx.judge('FAILED', `message ${i + 1}: echo of ${echo.data.length} bytes, sent ${message.data.length}`)
    if (!sameBytes(echo.data, message.data)) return ctx.judge('FAILED', `message ${i + 1}: the echo's payload differs from what was sent`)
  }
  const ms = ctx.now() - start
  ctx.judge('OK', `${count} message${count === 1 ? '' : 's'} (${formatBytes(bytes)}) echoed in ${ms} ms`)
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB`
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`
  return `${n} B`
}
