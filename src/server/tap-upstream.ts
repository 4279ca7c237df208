import { connect as netConnect, isIP, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import type { HandshakeResponse } from '../protocol/index.ts'
import type { UpstreamErrorKind } from '../shared/capture-api.ts'
import { parseResponseHead, readHttpHead } from './http-head.ts'
import type { TapTarget } from './tap-target.ts'

export interface UpstreamFailure {
  kind: UpstreamErrorKind
  message: string
  code: string | null
}

/** The target answered with an HTTP head (101 or not); `rest` is what followed it. */
export interface UpstreamAnswer {
  socket: Socket
  head: Buffer
  rest: Buffer
  response: HandshakeResponse
}

export type UpstreamResult = ({ ok: true } & UpstreamAnswer) | { ok: false; failure: UpstreamFailure }

type Phase = 'connect' | 'tls' | 'answer'

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME'])
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'])
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED'])

export interface UpstreamOptions {
  timeoutMs: number
  /** Accept any certificate from a wss:// target. */
  insecure: boolean
  /** Aborting gives up at once (the socket is destroyed); its reason, a string, says why. */
  signal: AbortSignal
  /** Sees the socket as soon as it exists (the tap's loop guard records where it connects from). */
  watch?: (socket: Socket) => void
}

/**
 * Opens TCP (TLS for wss) to the target, sends the request head and reads the answer's head,
 * all within the timeout. Every way this can fail becomes an UpstreamFailure of a kind the
 * app can explain; nothing throws.
 */
export async function connectUpstream(target: TapTarget, requestHead: string, options: UpstreamOptions): Promise<UpstreamResult> {
  const socket = openSocket(target, options.insecure)
  options.watch?.(socket)
  const { signal } = options
  // Destroying the socket ends whichever step is waiting (each resolves on 'close').
  const abandon = () => socket.destroy()
  signal.addEventListener('abort', abandon, { once: true })
  const result = await handshake(socket, target, requestHead, options.timeoutMs)
  signal.removeEventListener('abort', abandon)
  if (!signal.aborted) return result
  socket.destroy()
  return { ok: false, failure: { kind: 'aborted', message: `gave up the handshake with ${target.host}: ${signal.reason}`, code: null } }
}

function openSocket(target: TapTarget, insecure: boolean): Socket {
  return target.secure
    ? tlsConnect({
        host: target.hostname,
        port: target.port,
        // SNI takes names only; ALPN says this is HTTP/1.1 (the WebSocket upgrade needs it).
        servername: isIP(target.hostname) ? undefined : target.hostname,
        ALPNProtocols: ['http/1.1'],
        rejectUnauthorized: !insecure,
      })
    : // Half-open like the client's socket, so each side's FIN is relayed on its own.
      netConnect({ host: target.hostname, port: target.port, allowHalfOpen: true })
}

async function handshake(socket: Socket, target: TapTarget, requestHead: string, timeoutMs: number): Promise<UpstreamResult> {
  const deadline = Date.now() + timeoutMs
  const failure = await connected(socket, target, timeoutMs)
  if (failure) {
    socket.destroy()
    return { ok: false, failure }
  }
  socket.setNoDelay(true)
  socket.write(requestHead, 'latin1')
  const head = await readHttpHead(socket, Math.max(1, deadline - Date.now()))
  if (!head.ok) {
    socket.destroy()
    if (head.reason === 'timeout') return { ok: false, failure: timedOut(target, 'answer', timeoutMs) }
    if (head.reason === 'too-large')
      return { ok: false, failure: { kind: 'protocol', message: `${target.host} answered with a head of more than 64 KiB`, code: null } }
    if (head.error) return { ok: false, failure: classify(head.error, 'answer', target) }
    return { ok: false, failure: { kind: 'reset', message: `${target.host} closed the connection without answering the handshake`, code: null } }
  }
  const response = parseResponseHead(head.head)
  if (!response) {
    socket.destroy()
    const firstLine = head.head.toString('latin1').split('\r\n')[0].slice(0, 80)
    return { ok: false, failure: { kind: 'protocol', message: `${target.host} did not answer with HTTP: its first line is "${firstLine}"`, code: null } }
  }
  return { ok: true, socket, head: head.head, rest: head.rest, response }
}

/** Resolves once TCP (and TLS) is up, or with the failure. */
function connected(socket: Socket, target: TapTarget, timeoutMs: number): Promise<UpstreamFailure | null> {
  return new Promise((resolve) => {
    let phase: Phase = 'connect'
    const done = (failure: UpstreamFailure | null) => {
      clearTimeout(timer)
      socket.off('error', onError)
      socket.off('close', onClose)
      resolve(failure)
    }
    const onError = (error: Error) => done(classify(error, phase, target))
    // Only a destroyed socket closes with no error first: its destroyer reports why.
    const onClose = () => done({ kind: 'other', message: `the connection to ${target.host} was closed before it was up`, code: null })
    const timer = setTimeout(() => done(timedOut(target, phase, timeoutMs)), timeoutMs)
    socket.on('error', onError)
    socket.on('close', onClose)
    socket.once('connect', () => {
      phase = target.secure ? 'tls' : 'answer'
      if (!target.secure) done(null)
    })
    socket.once('secureConnect', () => done(null))
  })
}

function timedOut(target: TapTarget, phase: Phase, timeoutMs: number): UpstreamFailure {
  const what = phase === 'connect' ? 'no TCP connection' : phase === 'tls' ? 'no TLS handshake' : 'no handshake answer'
  return { kind: 'timeout', message: `${what} from ${target.host} within the ${timeoutMs} ms handshake timeout`, code: null }
}

function classify(error: NodeJS.ErrnoException, phase: Phase, target: TapTarget): UpstreamFailure {
  const code = error.code ?? null
  const where = `${target.hostname}:${target.port}`
  if (code && DNS.has(code)) return { kind: 'dns', message: `cannot resolve ${target.hostname} (${code})`, code }
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `connection to ${where} refused: nothing listens there`, code }
  if (code && UNREACHABLE.has(code)) return { kind: 'unreachable', message: `${where} is unreachable (${code})`, code }
  if (code === 'ETIMEDOUT') return { kind: 'timeout', message: `connection to ${where} timed out (${code})`, code }
  // Anything else before the TLS session is up is the TLS handshake failing (a bad
  // certificate, no common protocol, or a peer that does not speak TLS at all).
  if (phase === 'tls') return { kind: 'tls', message: `TLS handshake with ${target.hostname} failed: ${error.message}`, code }
  if (code && RESET.has(code)) return { kind: 'reset', message: `${where} reset the connection (${code})`, code }
  return { kind: 'other', message: error.message, code }
}
