import type { Duplex } from 'node:stream'
import { computeAccept, headerValues, MessageEncoder, negotiatedDeflate, Opcode, parseExtensionsHeader, StreamDecoder } from '../protocol/index.ts'
import { closeReason } from './close-reason.ts'
import type { TrackedConnection } from './connections.ts'
import { checkKnownParams } from './query-params.ts'
import { findScenario, SCENARIOS, type Scenario } from './scenarios.ts'
import type { UpgradeHandler } from './server-context.ts'
import { requestFromIncoming, RequestRefused } from './upgrade-request.ts'

/** How long the server waits for the client's next bytes before it closes with 1001. */
const IDLE_MS = 30_000
/** How long the client gets to close the TCP connection after the server's Close. */
const LINGER_MS = 5_000

/**
 * `/scenario/NAME`: completes the handshake itself (ws would refuse to send broken frames)
 * and writes the scenario's bytes unchanged.
 */
export const handleScenario: UpgradeHandler = (req, socket, head, url, context) => {
  checkKnownParams(url.searchParams, [])
  const name = url.pathname.slice('/scenario/'.length)
  const scenario = findScenario(name)
  if (!scenario) throw new RequestRefused(404, `no scenario "${name}"; GET /api/scenarios lists the ${SCENARIOS.length} there are`)
  const request = requestFromIncoming(req)
  const offers = parseExtensionsHeader(headerValues(request.headers, 'Sec-WebSocket-Extensions').join(', ')).extensions
  if (scenario.extensions && !offers.some((e) => e.name.toLowerCase() === 'permessage-deflate')) {
    throw new RequestRefused(400, `scenario "${name}" sends compressed messages: the client must offer permessage-deflate`)
  }
  const key = headerValues(request.headers, 'Sec-WebSocket-Key')[0]
  const lines = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${computeAccept(key)}`]
  if (scenario.extensions) lines.push(`Sec-WebSocket-Extensions: ${scenario.extensions}`)
  socket.write(`${lines.join('\r\n')}\r\n\r\n`)
  const connection = new ScenarioConnection(socket, scenario, context.limits.maxMessageBytes)
  socket.on('close', context.tracker.add(connection))
  connection.start(head)
}

/**
 * After the scenario's frames, reads the client's with the core: a violation is answered
 * with a Close carrying the code the core names, a Close with a Close (unless the scenario
 * sent one already); then the server ends the TCP connection first (RFC 6455 §7.1.1).
 */
class ScenarioConnection implements TrackedConnection {
  private readonly decoder: StreamDecoder
  private readonly encoder = new MessageEncoder({ sender: 'server' })
  private closeSent = false
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly socket: Duplex,
    private readonly scenario: Scenario,
    maxPayload: number,
  ) {
    this.decoder = new StreamDecoder({ from: 'client', deflate: negotiatedDeflate(scenario.extensions).params, maxPayload })
  }

  start(head: Buffer): void {
    for (const frame of this.scenario.frames()) {
      this.socket.write(frame)
      if ((frame[0] & 0x0f) === Opcode.CLOSE) this.closeSent = true
    }
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk))
    this.socket.on('end', () => this.socket.end())
    this.socket.on('error', () => this.socket.destroy())
    this.socket.on('close', () => clearTimeout(this.timer))
    this.waitFor(IDLE_MS, () => this.closeWith(1001, 'idle for too long'))
    if (head.length) this.receive(head)
  }

  goingAway(): void {
    this.closeWith(1001, 'server shutting down')
  }

  destroy(): void {
    this.socket.destroy()
  }

  private receive(chunk: Uint8Array): void {
    if (this.decoder.stopped) return
    this.waitFor(IDLE_MS, () => this.closeWith(1001, 'idle for too long'))
    this.decoder.receiveData(chunk)
    for (const e of this.decoder.eventsReceived()) {
      if (e.kind === 'message' && e.type === 'close') this.closeWith(e.closeCode, '')
      else if (e.kind === 'message' && (e.type === 'text' || e.type === 'binary') && !this.closeSent) {
        for (const frame of this.scenario.answer?.({ type: e.type, data: e.data }) ?? []) this.socket.write(frame)
      } else if (e.kind === 'finding' && e.finding.severity === 'error') this.closeWith(e.finding.closeCode ?? 1002, e.finding.message)
    }
  }

  private closeWith(code: number | null, reason: string): void {
    if (!this.closeSent && this.socket.writable) this.socket.write(this.encoder.close(code, closeReason(reason)))
    this.closeSent = true
    this.socket.end()
    this.waitFor(LINGER_MS, () => this.socket.destroy())
  }

  private waitFor(ms: number, then: () => void): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(then, ms)
  }
}
