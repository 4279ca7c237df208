import { finding, type Finding, type FindingCode } from './findings.ts'

/**
 * Reads an opening handshake as people paste it: raw HTTP (`GET /chat HTTP/1.1` + fields,
 * `HTTP/1.1 101 Switching Protocols` + fields), the `Name:value` lines browsers' devtools
 * copy, or a mix, possibly inside markdown code fences. Nothing here throws: every problem
 * is a finding, and whatever can be read is kept so the checks can still say something.
 */

export interface HandshakeRequest {
  /** As written; '' when the text does not say (a devtools header block alone). */
  method: string
  /** The request-target or devtools "Request URL"; '' when the text does not say. */
  url: string
  httpVersion: string | null
  /** In original case and order; repeated fields stay separate. */
  headers: [string, string][]
  /** Only the devtools General block describes this request: its fields are unknown. */
  headersMissing?: true
}

export interface HandshakeResponse {
  /** 0 when the text does not say (a devtools header block alone). */
  status: number
  statusText: string
  httpVersion: string | null
  headers: [string, string][]
  /** Only the devtools General block's "Status Code" describes this response. */
  headersMissing?: true
}

export interface ParsedHandshake {
  request: HandshakeRequest | null
  response: HandshakeResponse | null
  findings: Finding[]
  format: 'raw-http' | 'devtools' | 'mixed'
  /** The devtools General block's fields (Request URL, Status Code, Remote Address…), as written. */
  general?: [string, string][]
}

/** All values of a header field, in order; the name is matched case-insensitively. */
export function headerValues(headers: [string, string][], name: string): string[] {
  const wanted = name.toLowerCase()
  return headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v)
}

// ---------------------------------------------------------------------------------------
// Lines

interface SourceLine {
  /** The line without its end-of-line and surrounding white space. */
  text: string
  /** Offset of `text` in the input. */
  offset: number
  /** 1-based line number, for messages. */
  number: number
}

type Side = 'request' | 'response'

type LineKind =
  | { kind: 'separator' }
  | { kind: 'title'; hint: Side | 'general' | null }
  | { kind: 'request-line'; method: string; url: string; version: string | null }
  | { kind: 'status-line'; version: string; status: number; statusText: string }
  | { kind: 'general'; name: string; value: string }
  | { kind: 'header'; name: string; value: string; spaceBeforeColon: boolean }
  | { kind: 'other' }

const TCHARS = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+"
const REQUEST_LINE = new RegExp(`^(${TCHARS})[ \\t]+(\\S+)[ \\t]+(HTTP/\\d+(?:\\.\\d+)?)$`, 'i')
/** `GET /chat` without a version, as some docs write it; only with a URL-looking target. */
const SHORT_REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|CONNECT|TRACE)[ \t]+((?:\/|[a-z][a-z0-9+.-]*:\/\/)\S*)$/
const STATUS_LINE = /^(HTTP\/\d+(?:\.\d+)?)[ \t]+(\d{3})(?:[ \t]+(.*))?$/i
/** A field line; the optional leading colon admits HTTP/2 pseudo-headers such as `:authority`. */
const HEADER_LINE = new RegExp(`^(:?${TCHARS})([ \\t]*):[ \\t]*(.*)$`)
/** The devtools "General" section: it describes the exchange, not one side's fields. */
const GENERAL_LINE = /^(request url|request method|status code|remote address|referrer policy)[ \t]*:[ \t]*(.*)$/i
/** Markdown code fences: people paste handshakes from notes and issues. */
const FENCE = /^(```|~~~)/
/** Section headings that devtools copy along with the fields ("Response Headers (6)"…). */
const SIDE_TITLE = /^(general|request headers|response headers)(?:[ \t]*\([^)]*\))?[ \t]*:?$/i
const OTHER_TITLE = /^(view source|view parsed|raw|provisional headers are shown.*)$/i

function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = []
  const eol = /\r\n|\r|\n/g
  let start = 0
  let number = 1
  for (;;) {
    const match = eol.exec(text)
    const end = match ? match.index : text.length
    const raw = text.slice(start, end)
    // trim() also removes a byte-order mark and non-breaking spaces that pastes carry.
    const lead = raw.length - raw.trimStart().length
    lines.push({ text: raw.trim(), offset: start + lead, number })
    if (!match) break
    start = end + match[0].length
    number++
  }
  return lines
}

function classifyLine(text: string): LineKind {
  if (text === '' || FENCE.test(text)) return { kind: 'separator' }
  const title = SIDE_TITLE.exec(text)
  if (title) {
    const [, heading = ''] = title
    const word = heading.toLowerCase()
    return { kind: 'title', hint: word === 'general' ? 'general' : word.startsWith('request') ? 'request' : 'response' }
  }
  if (OTHER_TITLE.test(text)) return { kind: 'title', hint: null }
  const status = STATUS_LINE.exec(text)
  // Destructuring defaults only type the groups: a matched group that is not optional is always a string.
  if (status) {
    const [, version = '', code, statusText = ''] = status
    return { kind: 'status-line', version, status: Number(code), statusText: statusText.trim() }
  }
  const request = REQUEST_LINE.exec(text)
  if (request) {
    const [, method = '', url = '', version = null] = request
    return { kind: 'request-line', method, url, version }
  }
  const short = SHORT_REQUEST_LINE.exec(text)
  if (short) {
    const [, method = '', url = ''] = short
    return { kind: 'request-line', method, url, version: null }
  }
  const general = GENERAL_LINE.exec(text)
  if (general) {
    const [, name = '', value = ''] = general
    return { kind: 'general', name, value: value.trim() }
  }
  const header = HEADER_LINE.exec(text)
  if (header) {
    const [, name = '', space, value = ''] = header
    return { kind: 'header', name, value: value.trim(), spaceBeforeColon: space !== '' }
  }
  return { kind: 'other' }
}

// ---------------------------------------------------------------------------------------
// Blocks

interface ClassifiedLine {
  line: SourceLine
  kind: LineKind
}

interface Block {
  lines: [ClassifiedLine, ...ClassifiedLine[]]
  /** Set by a preceding devtools section title ("Request Headers"). */
  hint: Side | 'general' | null
}

/**
 * Groups lines into blocks. Blank lines, code fences and devtools section titles separate
 * blocks; a request or status line always starts a new one, so a request and a response
 * pasted without a blank line between them are still told apart.
 */
function splitBlocks(lines: SourceLine[]): Block[] {
  const blocks: Block[] = []
  let current: Block | null = null
  let pendingHint: Block['hint'] = null
  const close = () => {
    if (current) blocks.push(current)
    current = null
  }
  for (const line of lines) {
    const kind = classifyLine(line.text)
    if (kind.kind === 'separator') {
      close()
      continue
    }
    if (kind.kind === 'title') {
      close()
      if (kind.hint) pendingHint = kind.hint
      continue
    }
    if (kind.kind === 'request-line' || kind.kind === 'status-line') close()
    if (current) current.lines.push({ line, kind })
    else {
      current = { lines: [{ line, kind }], hint: pendingHint }
      pendingHint = null
    }
  }
  close()
  return blocks
}

type StartLine = Extract<LineKind, { kind: 'request-line' | 'status-line' }>

/** What one block says once its lines are read. */
interface ReadBlock {
  start: StartLine | null
  headers: [string, string][]
  general: [string, string][]
  /** Lines that are neither fields nor continuations. */
  unparseable: SourceLine[]
  first: SourceLine
  last: SourceLine
  hint: Block['hint']
  findings: Finding[]
}

function readBlock(block: Block): ReadBlock {
  const [first] = block.lines
  const read: ReadBlock = {
    start: null,
    headers: [],
    general: [],
    unparseable: [],
    first: first.line,
    last: (block.lines.at(-1) ?? first).line,
    hint: block.hint,
    findings: [],
  }
  // The entry a colon-less line continues (devtools wrap long values such as Cookie).
  let previous: [string, string] | null = null
  for (const { line, kind } of block.lines) {
    switch (kind.kind) {
      case 'request-line':
      case 'status-line':
        // splitBlocks puts a start line first in its block, so this is the only one.
        read.start = kind
        previous = null
        break
      case 'general':
        previous = [kind.name, kind.value]
        read.general.push(previous)
        break
      case 'header':
        previous = [kind.name, kind.value]
        read.headers.push(previous)
        if (kind.spaceBeforeColon) {
          read.findings.push(
            finding(
              'handshake.space-before-colon',
              `line ${line.number}: white space between the field name "${kind.name}" and the colon is not allowed (a server must reject it with 400)`,
              line.offset,
              line.text.length,
            ),
          )
        }
        break
      default:
        if (previous && !line.text.includes(':')) {
          previous[1] = previous[1] === '' ? line.text : `${previous[1]} ${line.text}`
        } else {
          read.unparseable.push(line)
        }
    }
  }
  return read
}

// Field names that only one side sends: they tell a devtools block's side when it has no
// start line. Sec-WebSocket-Key and -Accept are decisive, so they weigh more.
const REQUEST_ONLY = new Set([
  'host',
  'origin',
  'user-agent',
  'accept',
  'accept-encoding',
  'accept-language',
  'cookie',
  'referer',
  'authorization',
  'proxy-authorization',
  'dnt',
  'upgrade-insecure-requests',
  'sec-websocket-version',
  'sec-gpc',
  'priority',
])
const REQUEST_PREFIXES = ['sec-fetch-', 'sec-ch-', 'if-']
const RESPONSE_ONLY = new Set([
  'server',
  'date',
  'set-cookie',
  'www-authenticate',
  'proxy-authenticate',
  'x-powered-by',
  'age',
  'etag',
  'location',
  'retry-after',
  'expires',
  'last-modified',
  'strict-transport-security',
  'alt-svc',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  ':status',
])
/** Fields both sides send in a handshake: a block of only these is a handshake of unknown side. */
const HANDSHAKE_FIELDS = new Set(['upgrade', 'connection', 'sec-websocket-protocol', 'sec-websocket-extensions'])

function sideScore(name: string): { request: number; response: number } {
  const n = name.toLowerCase()
  if (n === 'sec-websocket-key') return { request: 5, response: 0 }
  if (n === 'sec-websocket-accept') return { request: 0, response: 5 }
  if (RESPONSE_ONLY.has(n)) return { request: 0, response: 1 }
  // Pseudo-headers other than :status (:method, :path, :authority…) are request-only.
  if (REQUEST_ONLY.has(n) || n.startsWith(':') || REQUEST_PREFIXES.some((p) => n.startsWith(p))) {
    return { request: 1, response: 0 }
  }
  return { request: 0, response: 0 }
}

type BlockClass = Side | 'unknown-side' | 'general' | 'ignore'

function classifyBlock(read: ReadBlock): BlockClass {
  if (read.start) return read.start.kind === 'request-line' ? 'request' : 'response'
  if (read.headers.length === 0) return read.general.length ? 'general' : 'ignore'
  if (read.hint === 'request' || read.hint === 'response') return read.hint
  let request = 0
  let response = 0
  for (const [name] of read.headers) {
    const score = sideScore(name)
    request += score.request
    response += score.response
  }
  if (request > response) return 'request'
  if (response > request) return 'response'
  const handshakeLike = read.headers.some(([name]) => HANDSHAKE_FIELDS.has(name.toLowerCase()))
  if (handshakeLike || request > 0) return 'unknown-side'
  // Fields no handshake has ("Note: …" in prose): not a side; keep any General fields.
  return read.general.length ? 'general' : 'ignore'
}

// ---------------------------------------------------------------------------------------
// Assembly

function lineRange(read: ReadBlock): string {
  return read.first.number === read.last.number ? `line ${read.first.number}` : `lines ${read.first.number}–${read.last.number}`
}

function snippet(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

function blockFinding(code: FindingCode, message: string, read: ReadBlock): Finding {
  return finding(code, message, read.first.offset, read.last.offset + read.last.text.length - read.first.offset)
}

/**
 * Puts a block on its side. A second block for a side that is already filled is merged only
 * when it adds fields without repeating any (headers split by a stray blank line); a second,
 * overlapping one is another exchange and is ignored with a warning.
 */
function place(slot: ReadBlock | null, read: ReadBlock, side: Side, findings: Finding[]): ReadBlock {
  if (!slot) return { ...read, headers: [...read.headers] }
  const names = new Set(slot.headers.map(([n]) => n.toLowerCase()))
  const overlaps = read.headers.some(([n]) => names.has(n.toLowerCase()))
  if (!read.start && !overlaps) {
    slot.headers.push(...read.headers)
    slot.last = read.last
    return slot
  }
  findings.push(
    blockFinding('handshake.extra-block', `the block at ${lineRange(read)} is a second ${side}; only the first one (${lineRange(slot)}) is read`, read),
  )
  return slot
}

/** The first value of a field (or General entry), or null when absent. */
function firstValue(fields: [string, string][], name: string): string | null {
  const values = headerValues(fields, name)
  return values[0] ?? null
}

function buildRequest(block: ReadBlock | null, general: [string, string][]): HandshakeRequest | null {
  const generalMethod = firstValue(general, 'Request Method')
  const generalUrl = firstValue(general, 'Request URL')
  if (!block && generalMethod === null && generalUrl === null) return null
  const headers = block ? block.headers : []
  const start = block?.start?.kind === 'request-line' ? block.start : null
  // HTTP/2 devtools show the request line as pseudo-headers (RFC 7540 §8.1.2.3).
  const method = start?.method ?? generalMethod ?? firstValue(headers, ':method') ?? ''
  const url = start?.url ?? generalUrl ?? firstValue(headers, ':path') ?? ''
  const request: HandshakeRequest = { method, url, httpVersion: start?.version ?? null, headers }
  if (!block) request.headersMissing = true
  return request
}

function buildResponse(block: ReadBlock | null, general: [string, string][], findings: Finding[]): HandshakeResponse | null {
  const statusCode = firstValue(general, 'Status Code')
  if (!block && statusCode === null) return null
  const headers = block ? block.headers : []
  const start = block?.start?.kind === 'status-line' ? block.start : null
  let status = 0
  let statusText = ''
  if (start) {
    status = start.status
    statusText = start.statusText
  } else if (statusCode !== null) {
    // Devtools write "101 Switching Protocols", "101" or "101 " (the seed has the last).
    const match = /^(\d{3})\b[ \t]*(.*)$/.exec(statusCode)
    if (match) {
      const [, code, text = ''] = match
      status = Number(code)
      statusText = text.trim()
    } else {
      findings.push(finding('handshake.syntax', `Status Code "${statusCode}" is not a three-digit status code`))
    }
  } else {
    const pseudo = firstValue(headers, ':status')
    if (pseudo !== null && /^\d{3}$/.test(pseudo)) status = Number(pseudo)
  }
  const response: HandshakeResponse = { status, statusText, httpVersion: start?.version ?? null, headers }
  if (!block) response.headersMissing = true
  return response
}

/**
 * raw-http: every side read comes with its start line; devtools: none does (fields only,
 * perhaps with the General block); mixed: some of each.
 */
function formatOf(request: ReadBlock | null, response: ReadBlock | null, general: [string, string][]): ParsedHandshake['format'] {
  const sides = [request, response].filter((s): s is ReadBlock => s !== null)
  const raw = sides.filter((s) => s.start !== null).length
  const devtoolsEvidence = general.length > 0 || sides.length > raw
  if (raw === 0) return devtoolsEvidence ? 'devtools' : 'raw-http'
  return devtoolsEvidence ? 'mixed' : 'raw-http'
}

export function parseHandshake(text: string): ParsedHandshake {
  const findings: Finding[] = []
  const general: [string, string][] = []
  let request: ReadBlock | null = null
  let response: ReadBlock | null = null
  const unknownSide: ReadBlock[] = []

  for (const block of splitBlocks(splitLines(String(text ?? '')))) {
    const read = readBlock(block)
    const kind = classifyBlock(read)
    if (kind === 'ignore') {
      findings.push(
        blockFinding(
          'handshake.ignored-block',
          `the block at ${lineRange(read)} ("${snippet(read.first.text)}") is neither a request nor a response; ignored`,
          read,
        ),
      )
      continue
    }
    findings.push(...read.findings)
    for (const line of read.unparseable) {
      findings.push(
        finding(
          'handshake.syntax',
          `line ${line.number}: "${snippet(line.text)}" is neither a "Name: value" field nor a request or status line; ignored`,
          line.offset,
          line.text.length,
        ),
      )
    }
    general.push(...read.general)
    if (kind === 'request') request = place(request, read, 'request', findings)
    else if (kind === 'response') response = place(response, read, 'response', findings)
    else if (kind === 'unknown-side') unknownSide.push(read)
  }

  // Blocks of fields both sides send (Upgrade, Connection…) go to whichever side is missing,
  // decided after the rest so that their position in the text does not matter.
  for (const read of unknownSide) {
    const side: Side | null = !request ? 'request' : !response ? 'response' : null
    if (side === null) {
      findings.push(blockFinding('handshake.ignored-block', `the block at ${lineRange(read)}: request and response are already read; ignored`, read))
      continue
    }
    findings.push(
      blockFinding('handshake.assumed-side', `the block at ${lineRange(read)} has no field that tells a request from a response; read as the ${side}`, read),
    )
    if (side === 'request') request = place(request, read, side, findings)
    else response = place(response, read, side, findings)
  }

  const parsedRequest = buildRequest(request, general)
  const parsedResponse = buildResponse(response, general, findings)
  if (!parsedRequest && !parsedResponse) {
    findings.push(
      finding(
        'handshake.empty',
        'no request or response found: paste "GET … HTTP/1.1" and/or "HTTP/1.1 101 …" with their header fields, or the headers copied from devtools',
      ),
    )
  }
  const pseudo = [...(parsedRequest?.headers ?? []), ...(parsedResponse?.headers ?? [])].some(([n]) => n.startsWith(':'))
  if (pseudo) {
    findings.push(
      finding(
        'handshake.http2',
        'HTTP/2 pseudo-header fields (":authority"…) mean WebSocket over HTTP/2: checked by the RFC 8441 rules (extended CONNECT with :protocol websocket, a 200 answer; no Upgrade, Connection, Key or Accept)',
      ),
    )
  }

  const result: ParsedHandshake = {
    request: parsedRequest,
    response: parsedResponse,
    findings,
    format: formatOf(request, response, general),
  }
  if (general.length) result.general = general
  return result
}
