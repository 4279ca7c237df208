/**
 * Number and time formats shared by the log, the detail panels and the timeline. Numbers read
 * one way everywhere: digits grouped with commas whatever the browser's locale ("65,536"),
 * sizes in prose as exact bytes ("65,536 bytes"); only narrow columns and chart axes use the
 * compact binary units of formatBytes ("64.0 KiB"), with the exact figure a hover away.
 */

/** Compact, for columns and axes: "5 B", "1.5 KiB", "64 KiB", "1.0 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`
  return `${(n / 1024 ** 3).toFixed(2)} GiB`
}

const two = (n: number) => String(n).padStart(2, '0')

/** Local wall-clock time with milliseconds: 14:03:07.512. */
export function formatClock(t: number): string {
  const d = new Date(t)
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** Local date and time to the second: 2024-05-01 14:03:07. */
export function formatDateTime(t: number): string {
  const d = new Date(t)
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

/** A duration in the unit that reads best: 0.42 ms, 12.3 ms, 1.20 s, 3 min 5 s. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`
  if (ms < 1000) return `${ms.toFixed(ms < 100 ? 1 : 0)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)} min ${s % 60} s`
}

/** Inflated size over wire size: how many times smaller the message travelled. */
export function formatRatio(inflated: number, wire: number): string {
  if (wire === 0) return '—'
  return `${(inflated / wire).toFixed(inflated / wire >= 10 ? 0 : 1)}×`
}

/** One formatter for all: toLocaleString builds a new one on every call, far too slow per cell. */
const counts = new Intl.NumberFormat('en-US')

/** "65,536"; exact for bigints (a 64-bit length) too. */
export function formatCount(n: number | bigint): string {
  return counts.format(n)
}

/** A size in prose, exact: "0 bytes", "1 byte", "65,536 bytes", "18,446,744,073,709,551,615 bytes". */
export function formatByteCount(n: number | bigint): string {
  return `${counts.format(n)} ${n === 1 || n === 1n ? 'byte' : 'bytes'}`
}
