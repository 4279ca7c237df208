/**
 * Runs a callback in a task of its own, next: the browser may render and handle input in
 * between (setTimeout would clamp it to 4 ms after a few nested calls). One channel serves
 * every call, in order: a channel is costly to make, and a flush or scan slice asks many times
 * a second.
 */
let port: MessagePort | null = null
const waiting: (() => void)[] = []

export function nextTask(callback: () => void): void {
  waiting.push(callback)
  if (!port) {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => waiting.shift()?.()
    // In Node (the tests) a listening port would keep the process alive.
    ;(channel.port1 as { unref?: () => void }).unref?.()
    port = channel.port2
  }
  port.postMessage(null)
}
