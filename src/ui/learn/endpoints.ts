/** The companion server's WebSocket endpoints: it serves this page, so they are on its host. */
function endpoint(path: string): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`
}

/** /echo answers every message with itself. */
export function echoUrl(): string {
  return endpoint('/echo')
}

/** 100 JSON events a second of 256 bytes (the server's default size); the server closes after `count`. */
export function streamUrl(count: number): string {
  return endpoint(`/stream?rate=100&size=256&count=${count}`)
}
