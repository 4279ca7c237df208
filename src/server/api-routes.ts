import type { IncomingMessage, ServerResponse } from 'node:http'
import { SCENARIOS_PATH, TAPS_PATH, TOKEN_HEADER, TOKEN_PATH, type ApiError, type TokenResponse } from '../shared/capture-api.ts'
import { SCENARIOS, scenarioInfo } from './scenarios.ts'
import { originProblem, tokenProblem } from './security.ts'
import type { ServerContext } from './server-context.ts'
import { RequestRefused } from './upgrade-request.ts'

const MAX_BODY_BYTES = 64 * 1024

/**
 * The plain HTTP part of /api: the access token, the scenario list and tap-session
 * registration. Browsers need the app's origin for all of it, and the token for all but the
 * token itself (see security.ts).
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, context: ServerContext): Promise<void> {
  const path = url.pathname
  const { policy } = context
  const origin = req.headers.origin
  try {
    const originIssue = originProblem(origin, policy)
    if (originIssue) throw new RequestRefused(403, originIssue)
    if (path === TOKEN_PATH) {
      allowMethods(req, ['GET', 'HEAD'])
      // An --allow-origin page (a development server of the app) may read it too; no other may.
      if (origin !== undefined && policy.allowOrigins.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin)
      res.setHeader('Vary', 'Origin')
      return sendJson(res, 200, { token: policy.token } satisfies TokenResponse)
    }
    const given = req.headers[TOKEN_HEADER.toLowerCase()]
    const tokenIssue = tokenProblem(origin, typeof given === 'string' ? given : url.searchParams.get('token'), policy)
    if (tokenIssue) throw new RequestRefused(403, tokenIssue)
    if (path === SCENARIOS_PATH) {
      allowMethods(req, ['GET', 'HEAD'])
      return sendJson(res, 200, SCENARIOS.map(scenarioInfo))
    }
    if (path === TAPS_PATH) {
      allowMethods(req, ['POST'])
      return sendJson(res, 201, context.taps.register(await readJson(req)))
    }
    throw new RequestRefused(404, `no API endpoint ${path} (there are ${TOKEN_PATH}, ${SCENARIOS_PATH}, ${TAPS_PATH} and the WebSocket /api/captures)`)
  } catch (e) {
    if (!(e instanceof RequestRefused)) throw e
    for (const [name, value] of Object.entries(e.headers)) res.setHeader(name, value)
    sendJson(res, e.status, { error: e.message } satisfies ApiError)
  }
}

function allowMethods(req: IncomingMessage, methods: string[]): void {
  if (!methods.includes(req.method ?? ''))
    throw new RequestRefused(405, `${req.url} accepts ${methods.join(' and ')}, not ${req.method}`, { Allow: methods.join(', ') })
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
