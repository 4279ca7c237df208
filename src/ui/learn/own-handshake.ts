/**
 * This browser's own opening handshake, as it went on the wire: a page cannot read the request
 * its WebSocket sends, but the companion server's tap can. A socket to /echo goes through the
 * tap, and the captures API hands back the exact request text.
 */
import { CAPTURE_API_VERSION, capturesUrl, tapUrl, type CaptureEvent, type Subscribe } from '../../shared/capture-api.ts'
import { serverToken } from '../connection/server-token.ts'
import { echoUrl } from './endpoints.ts'

const TIMEOUT_MS = 5000

export async function captureOwnHandshake(): Promise<string> {
  const token = await serverToken().catch((e: Error) => {
    throw new Error(`the captures API is not available (${e.message}): is the companion server serving this page?`)
  })
  return new Promise((resolve, reject) => {
    const captureId = `learn-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`
    const api = new WebSocket(capturesUrl(location.origin, token))
    let tapped: WebSocket | null = null
    const finish = (settle: () => void) => {
      clearTimeout(timer)
      api.onclose = null
      api.close()
      tapped?.close()
      settle()
    }
    const fail = (why: string) => finish(() => reject(new Error(why)))
    const timer = setTimeout(() => fail(`no handshake was reported within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS)
    api.onmessage = (e: MessageEvent<string>) => {
      const event = JSON.parse(e.data) as CaptureEvent
      if (event.type === 'hello') {
        const subscribe: Subscribe = { type: 'subscribe', version: CAPTURE_API_VERSION, captureId, payloadLimit: 0 }
        api.send(JSON.stringify(subscribe))
        // A capture's handshake reaches even a late subscriber, so the socket can open at once.
        tapped = new WebSocket(tapUrl(location.origin, { target: echoUrl(), capture: captureId, token }))
      } else if (event.type === 'handshake' && event.captureId === captureId) {
        finish(() => resolve(event.requestText))
      } else if (event.type === 'upstream-error' && event.captureId === captureId) {
        fail(`the tap could not reach /echo: ${event.message}`)
      }
    }
    api.onclose = () => fail('the captures API is not available: is the companion server serving this page?')
  })
}
