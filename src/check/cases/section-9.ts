import { utf8Decode } from '../../protocol/index.ts'
import type { CheckCase } from '../case-definition.ts'
import { FE, NORMAL_CLOSE, repeat, STAR } from './helpers.ts'
import { echoLoop, formatBytes } from './echo-loop.ts'

const RFC = 'RFC 6455 §5.4'
const MIB = 1024 * 1024
/** Without --full, sizes and counts are divided so that section 9 takes seconds, not minutes. */
const SCALE = 16
const FULL_TIMEOUT = 100_000

type Kind = 'text' | 'binary'

function limitCase(
  id: string,
  kind: Kind,
  title: (size: string) => string,
  fullSize: number,
  send: { fragment?: number; chop?: number; count?: number },
): CheckCase {
  return {
    id,
    section: '9',
    title: title(`${formatBytes(fullSize)} (${formatBytes(fullSize / SCALE)} without --full)`),
    expectation: 'Every message is echoed with its payload as sent, in time.',
    rfc: RFC,
    close: NORMAL_CLOSE,
    timeoutMs: FULL_TIMEOUT,
    script(ctx) {
      const size = ctx.full ? fullSize : fullSize / SCALE
      const count = send.count ? (ctx.full ? send.count : send.count / 10) : 1
      const data = repeat(kind === 'text' ? STAR : FE, size)
      const options = { compress: false, fragmentSize: send.fragment }
      const wire = kind === 'text' ? ctx.encoder.text(utf8Decode(data), options) : ctx.encoder.binary(data, options)
      return echoLoop(ctx, count, () => ({ type: kind, data, wire, chop: send.chop }))
    },
  }
}

const SIZES = [64 * 1024, 256 * 1024, MIB, 4 * MIB, 8 * MIB, 16 * MIB]
const FRAGMENTS = [64, 256, 1024, 4096, 16384, 65536, 262144, MIB, 4 * MIB]
const CHOPS = [64, 128, 256, 512, 1024, 2048]
const ROUND_TRIP_SIZES = [0, 16, 64, 256, 1024, 4096]

function sub(n: number, make: (i: number) => CheckCase, count: number): CheckCase[] {
  return Array.from({ length: count }, (_, i) => make(i)).map((c, i) => ({ ...c, id: `9.${n}.${i + 1}` }))
}

export const SECTION_9: CheckCase[] = (['text', 'binary'] as const)
  .flatMap((kind, k) => [
    ...sub(1 + k, (i) => limitCase('', kind, (size) => `Send a ${kind} message of ${size}`, SIZES[i], {}), SIZES.length),
    ...sub(
      3 + k,
      (i) =>
        limitCase('', kind, (size) => `Send a ${kind} message of ${size} in fragments of ${formatBytes(FRAGMENTS[i])}`, 4 * MIB, { fragment: FRAGMENTS[i] }),
      FRAGMENTS.length,
    ),
    ...sub(
      5 + k,
      (i) => limitCase('', kind, (size) => `Send a ${kind} message of ${size} in chops of ${CHOPS[i]} octets`, MIB, { chop: CHOPS[i] }),
      CHOPS.length,
    ),
    ...sub(
      7 + k,
      (i) => ({
        ...limitCase('', kind, () => `Send 1000 ${kind} messages (100 without --full) of ${ROUND_TRIP_SIZES[i]} bytes, each after the previous echo`, SCALE, {
          count: 1000,
        }),
        script(ctx) {
          const data = repeat(kind === 'text' ? STAR : FE, ROUND_TRIP_SIZES[i])
          const wire = kind === 'text' ? ctx.encoder.frame({ opcode: 1, payload: data }) : ctx.encoder.frame({ opcode: 2, payload: data })
          return echoLoop(ctx, ctx.full ? 1000 : 100, () => ({ type: kind, data, wire }))
        },
      }),
      ROUND_TRIP_SIZES.length,
    ),
  ])
  .sort((a, b) => compareIds(a.id, b.id))

export function compareIds(a: string, b: string): number {
  const pa = a.split('.')
  const pb = b.split('.')
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? ''
    const y = pb[i] ?? ''
    if (x === y) continue
    const nx = Number(x)
    const ny = Number(y)
    if (Number.isNaN(nx) || Number.isNaN(ny)) return x < y ? -1 : 1
    return nx - ny
  }
  return 0
}
