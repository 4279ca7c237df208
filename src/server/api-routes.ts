import type { IncomingMessage, ServerResponse } from 'node:http'
import { SCENARIOS_PATH, TAPS_PATH, type ApiError } from '../shared/capture-api.ts'
import { SCENARIOS, scenarioInfo } from './scenarios.ts'
import type { TapSessions } from './tap-sessions.ts'
import { RequestRefused } from './upgrade-request.ts'

const MAX_BODY_BYTES = 64 * 1024

/** The plain HTTP part of /api: the scenario list and tap-session registration. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, taps: TapSessions): Promise<void> {
  try {
    if (path === SCENARIOS_PATH) {
      allowMethods(req, ['GET', 'HEAD'])
      return sendJson(res, 200, SCENARIOS.map(scenarioInfo))
    }
    if (path === TAPS_PATH) {
      allowMethods(req, ['POST'])
      return sendJson(res, 201, taps.register(await readJson(req)))
    }
    throw new RequestRefused(404, `no API endpoint ${path} (there are ${SCENARIOS_PATH}, ${TAPS_PATH} and the WebSocket /api/captures)`)
  } catch (e) {
    if (!(e instanceof RequestRefused)) throw e
    for (const [name, value] of Object.entries(e.headers)) res.setHeader(name, value)
    sendJson(res, e.status, { error: e.message } satisfies ApiError)
  }
}

function allowMethods(req: IncomingMessage, methods: string[]): void {
  if (!methods.includes(req.method ?? '')) throw new RequestRefused(405, `${req.url} accepts ${methods.join(' and ')}, not ${req.method}`, { Allow: methods.join(', ') })
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? ''
  // Requiring JSON also keeps cross-site forms out: a browser sends it only after a CORS preflight.
  if (!/^application\/json\b/i.test(type)) throw new RequestRefused(415, `the body must be JSON with Content-Type: application/json (got "${type}")`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new RequestRefused(413, `the body is larger than ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch (e) {
    throw new RequestRefused(400, `the body is not valid JSON: ${(e as Error).message}`)
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' })
  res.end(body)
}
