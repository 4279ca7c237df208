/**
 * Runs filter scans in the background, a slice at a time: a million messages are scanned in
 * slices of SLICE_MS with a yield between them, so typing in the filter box, scrolling and new
 * messages stay smooth while the scan runs. Progress renders are throttled (requestRender):
 * rendering after every slice would take a good part of the scan's time.
 */
import { connectionData } from './connection-data.ts'
import { requestRender, useLogStore } from './log-store.ts'

const SLICE_MS = 12

const running = new Set<string>()
const listeners = new Set<(id: string, done: boolean) => void>()

/** Continues scanning the connection's current filter until it has tested every message. */
export function runScan(id: string): void {
  if (running.has(id) || connectionData(id).scan.done) return
  running.add(id)
  for (const listener of listeners) listener(id, false)
  const slice = () => {
    const scan = connectionData(id).scan
    const done = scan.step(performance.now() + SLICE_MS)
    // The finished result shows at once; progress as often as requestRender allows.
    if (done) useLogStore.getState().bump([id])
    else requestRender(id)
    for (const listener of listeners) listener(id, done)
    if (done) running.delete(id)
    else yieldThen(slice)
  }
  yieldThen(slice)
}

/** Told after each slice whether the scan is complete (progress indicators, the benchmark). */
export function onScanProgress(listener: (id: string, done: boolean) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The next macrotask without setTimeout's clamping to 4 ms after a few nested calls. */
function yieldThen(callback: () => void): void {
  const channel = new MessageChannel()
  channel.port1.onmessage = () => {
    channel.port1.close()
    callback()
  }
  channel.port2.postMessage(null)
}
