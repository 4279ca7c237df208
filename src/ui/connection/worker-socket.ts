/** The main thread's handle on a socket worker: commands in, events out to the engine. */
import type { SocketEvents, SocketLike } from './engine-ports.ts'
import type { SocketCommand, SocketEvent } from './socket-protocol.ts'

export function createWorkerSocket(url: string, protocols: string[], events: SocketEvents, deliver: boolean): SocketLike {
  const worker = new Worker(new URL('./socket-worker.ts', import.meta.url), { type: 'module', name: `socket ${url}` })
  const command = (c: SocketCommand) => worker.postMessage(c)
  worker.onmessage = (e: MessageEvent<SocketEvent>) => {
    const event = e.data
    switch (event.type) {
      case 'open':
        return events.open(event)
      case 'messages':
        return events.messages(event.batch)
      case 'error':
        return events.error()
      case 'close':
        return events.close(event)
      case 'refused':
        return events.refused(event.message)
      case 'buffered':
        return events.buffered(event.t, event.bytes)
    }
  }
  command({ type: 'open', url, protocols, deliver })
  return {
    send: (data) => command({ type: 'send', data }),
    close: (code, reason) => command({ type: 'close', code, reason }),
    deliverMessages: () => command({ type: 'deliver' }),
    dispose: () => worker.terminate(),
  }
}
