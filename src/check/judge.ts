import type { CheckCase, HandshakeOutcome, Observed } from './case-definition.ts'
import { describeEvents, sameEvents } from './observed.ts'
import { VERDICTS, type Verdict } from './verdict.ts'
import type { WireFrame } from './wire-log.ts'

/** Everything a case run saw, as the judge needs it. */
export interface CaseOutcome {
  received: Observed[]
  handshake: HandshakeOutcome | null
  /** Section H's judgement of the handshake, or an invalid permessage-deflate answer. */
  handshakeVerdict: { verdict: Verdict; observed: string } | null
  /** The script's own verdict (sections 9, 10, 12, 13, UNIMPLEMENTED deflate). */
  scriptVerdict: { verdict: Verdict; observed: string } | null
  /** The server broke the protocol, refused the handshake, or could not be reached. */
  protocolError: string | null
  timedOut: boolean
  timeoutMs: number
  closeSent: boolean
  closeReceived: { code: number | null; reason: string } | null
  /** The server sent its Close frame (or closed the TCP connection) before the checker closed anything. */
  serverClosedFirst: boolean
  tcpClosedByServer: boolean
  droppedByMe: boolean
}

/** One case's result, in the shape of check-cli.md's `cases[]`. */
export interface CaseResult {
  id: string
  section: string
  title: string
  expectation: string
  behavior: Verdict
  closeBehavior: Verdict
  remoteCloseCode: number | null
  durationMs: number
  rfc: string
  observed: string
  wire: WireFrame[]
  /** The opening handshake as sent and answered (section H). */
  handshake?: { request: string; response: string }
}

/**
 * Autobahn's judgement (its Case.onConnectionLost): the behaviour is the first verdict whose
 * expected events match what was received; the closing is judged on who closed, whether the
 * closing handshake completed, the code, and who closed the TCP connection.
 */
export function judgeCase(definition: CheckCase, outcome: CaseOutcome, durationMs: number, wire: WireFrame[]): CaseResult {
  const behavior = judgeBehavior(definition, outcome)
  const close = judgeClose(definition, outcome)
  let behaviorVerdict = behavior.verdict
  if (close.wrongCode && definition.close.wrongCodeFails) behaviorVerdict = 'FAILED'
  let closeVerdict = close.verdict
  if (definition.informational) {
    behaviorVerdict = 'INFORMATIONAL'
    closeVerdict = 'INFORMATIONAL'
  }
  const result: CaseResult = {
    id: definition.id,
    section: definition.section,
    title: definition.title,
    expectation: definition.expectation,
    behavior: behaviorVerdict,
    closeBehavior: closeVerdict,
    remoteCloseCode: outcome.closeReceived?.code ?? null,
    durationMs: Math.max(0, Math.round(durationMs)),
    rfc: definition.rfc,
    observed: [behavior.observed, close.observed].filter(Boolean).join('; '),
    wire,
  }
  if (definition.judgeHandshake && outcome.handshake) {
    result.handshake = { request: outcome.handshake.requestText, response: outcome.handshake.responseText }
  }
  return result
}

function judgeBehavior(definition: CheckCase, outcome: CaseOutcome): { verdict: Verdict; observed: string } {
  if (outcome.handshakeVerdict) return outcome.handshakeVerdict
  if (outcome.protocolError) return { verdict: 'FAILED', observed: outcome.protocolError }
  if (outcome.scriptVerdict) return outcome.scriptVerdict
  const events = describeEvents(outcome.received)
  const expected = definition.expected
  if (expected) {
    for (const verdict of VERDICTS) {
      const list = expected[verdict]
      if (list && sameEvents(outcome.received, list)) return { verdict, observed: events }
    }
  }
  const prefix = outcome.timedOut ? `did not finish within ${outcome.timeoutMs} ms; ` : ''
  const wanted = expected?.OK ? `; expected ${describeEvents(expected.OK)}` : ''
  return { verdict: 'FAILED', observed: `${prefix}${events}${wanted}` }
}

function judgeClose(definition: CheckCase, outcome: CaseOutcome): { verdict: Verdict; observed: string; wrongCode: boolean } {
  const story = closeStory(outcome)
  // No WebSocket connection was made (refused handshake, section H refusals): nothing to close.
  if (!outcome.handshake || outcome.handshake.status !== 101 || (outcome.handshakeVerdict && !definition.judgeHandshake)) {
    return { verdict: 'OK', observed: '', wrongCode: false }
  }
  const expected = definition.close
  const closedByMe = !outcome.serverClosedFirst
  const clean = outcome.closeSent && outcome.closeReceived !== null
  const code = outcome.closeReceived?.code ?? null
  if (expected.byMe !== closedByMe) {
    const who = closedByMe ? 'the checker had to close' : 'the server closed first'
    return { verdict: 'FAILED', observed: `${story} (${who}: the connection was closed by the wrong endpoint)`, wrongCode: false }
  }
  if (expected.clean && !clean) return { verdict: 'FAILED', observed: `${story} (the closing handshake did not complete)`, wrongCode: false }
  if (code !== null && !expected.codes.includes(code)) {
    return { verdict: 'FAILED', observed: `${story} (wrong close code: expected ${expected.codes.join(' or ')} or none)`, wrongCode: true }
  }
  if (outcome.droppedByMe)
    return { verdict: 'NON-STRICT', observed: `${story} (the server should close the TCP connection first, RFC 6455 §7.1.1)`, wrongCode: false }
  return { verdict: 'OK', observed: story, wrongCode: false }
}

function closeStory(outcome: CaseOutcome): string {
  const parts: string[] = []
  const received = outcome.closeReceived
  const code = received
    ? received.code === null
      ? 'with no code'
      : `with ${received.code}${received.reason ? ` ${JSON.stringify(received.reason.slice(0, 40))}` : ''}`
    : ''
  if (received && outcome.serverClosedFirst) parts.push(`server sent Close ${code}`)
  else if (outcome.closeSent && received) parts.push(`server answered our Close ${code}`)
  else if (outcome.closeSent) parts.push('server never answered our Close')
  if (outcome.tcpClosedByServer) parts.push(received ? 'then closed TCP' : 'server closed TCP without a Close frame')
  else if (outcome.droppedByMe) parts.push(outcome.timedOut ? 'checker dropped TCP at the case timeout' : 'checker dropped TCP')
  return parts.join(', ')
}
