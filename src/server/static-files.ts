import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * Serves the built app from `root` (dist/). Vite names files under assets/ by content hash,
 * so they are cached for a year; everything else (index.html above all) is revalidated with
 * an ETag. Paths without a file fall back to index.html for the app's client-side routes; a
 * path with an extension that does not exist is a real 404.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return sendText(res, 405, `${req.method} is not allowed here; the app is served with GET`, { Allow: 'GET, HEAD' })
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return sendText(res, 400, `the path ${pathname} is not valid percent-encoding`)
  }
  const base = resolve(root)
  const file = resolve(join(base, decoded))
  // join() collapses "..", so a path that still leaves the root, or hides a NUL, is refused.
  if (decoded.includes('\0') || (file !== base && !file.startsWith(base + sep))) return sendText(res, 400, `the path ${pathname} leaves the app's directory`)
  const found = await fileAt(file)
  if (found) return sendFile(req, res, file, found, decoded.startsWith('/assets/'))
  if (extname(decoded)) return sendText(res, 404, `no file ${decoded}`)
  const index = join(base, 'index.html')
  const indexStat = await fileAt(index)
  if (!indexStat) return sendText(res, 404, 'the app is not built (no index.html): run npm install, or npm run build')
  return sendFile(req, res, index, indexStat, false)
}

async function fileAt(path: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const s = await stat(path)
    return s.isFile() ? s : null
  } catch {
    return null
  }
}

function sendFile(req: IncomingMessage, res: ServerResponse, path: string, file: { size: number; mtimeMs: number }, immutable: boolean): void {
  const etag = `"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`
  res.setHeader('ETag', etag)
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end()
    return
  }
  res.writeHead(200, { 'Content-Type': MIME[extname(path).toLowerCase()] ?? 'application/octet-stream', 'Content-Length': file.size })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res)
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = `${text}\n`
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers })
  res.end(body)
}

/** What a page asks for while the app is (re)built: it says so and reloads itself every 2 s. */
const BUILDING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2"><title>wsinspect is building the app</title></head>
<body style="font: 16px system-ui, sans-serif; margin: 3rem"><h1>Building the app…</h1>
<p>wsinspect is building the app from its sources (a first start, or the sources changed). This page reloads itself when it is ready.</p></body></html>
`

export function sendBuildingPage(req: IncomingMessage, res: ServerResponse): void {
  // The build runs in this process and can hold its event loop past the keep-alive timeout: an
  // idle kept-alive socket would then be closed just as the next request arrives on it (a reset).
  res.writeHead(503, {
    Connection: 'close',
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(BUILDING_PAGE),
    'Retry-After': '2',
    'Cache-Control': 'no-store',
  })
  res.end(req.method === 'HEAD' ? undefined : BUILDING_PAGE)
}
