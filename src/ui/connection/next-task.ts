/**
 * Runs a callback in a task of its own, next: the browser may render and handle input in
 * between (setTimeout would clamp it to 4 ms after a few nested calls).
 */
export function nextTask(callback: () => void): void {
  const channel = new MessageChannel()
  channel.port1.onmessage = () => {
    channel.port1.close()
    callback()
  }
  channel.port2.postMessage(null)
}
