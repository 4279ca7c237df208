import { afterEach, describe, expect, it } from 'vitest'
import { encodeFrame, headerValues, negotiatedDeflate, Opcode, parseHandshake, utf8Decode, utf8Encode } from '../protocol/index.ts'
import type { ScenarioInfo } from '../shared/capture-api.ts'
import { SCENARIOS } from './scenarios.ts'
import { decodeFrom, rawUpgrade, runCleanups, startTestServer } from './test-support.ts'

afterEach(runCleanups)

describe('/scenario/NAME', () => {
  it('GET /api/scenarios lists every scenario with its description and violation', async () => {
    const server = await startTestServer()
    const list = (await (await fetch(`http://127.0.0.1:${server.port}/api/scenarios`)).json()) as ScenarioInfo[]
    expect(list.map((s) => s.name)).toEqual(SCENARIOS.map((s) => s.name))
    for (const s of list) {
      expect(s.path).toBe(`/scenario/${s.name}`)
      expect(s.description.length).toBeGreaterThan(20)
    }
    const names = list.map((s) => s.name)
    for (const required of [
      'fragmented-text-with-ping',
      'length-126',
      'length-65536',
      'compressed-context-takeover',
      'compressed-no-context-takeover',
      'invalid-utf8',
      'oversized-control',
      'reserved-opcode',
      'masked-server-frame',
      'rsv1-without-extension',
      'close-1000',
      'close-1011',
      'close-1005',
    ]) {
      expect(names).toContain(required)
    }
  })

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: the bytes decode as the scenario says', async (name, scenario) => {
    const server = await startTestServer()
    const offer: [string, string][] = scenario.extensions ? [['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits']] : []
    const raw = await rawUpgrade(server.port, `/scenario/${name}`, offer)
    expect(raw.status).toBe(101)
    const answered = headerValues(parseHandshake(raw.head).response!.headers, 'Sec-WebSocket-Extensions')[0] ?? null
    expect(answered).toBe(scenario.extensions)
    const decoded = await decodeFrom(
      raw.socket,
      raw.rest,
      'server',
      negotiatedDeflate(answered).params,
      (d) => d.messages.length >= scenario.messages.length && !scenario.violation,
    )
    const messages = decoded.messages.map((m) => ({
      type: m.type,
      length: m.data.length,
      compressed: m.compressed,
      ...(m.type === 'text' || m.type === 'ping' ? { text: utf8Decode(m.data) } : {}),
      ...(m.type === 'close' ? { closeCode: m.closeCode } : {}),
    }))
    // Same count, and each message has every property the scenario states.
    expect(messages).toMatchObject(scenario.messages)
    if (scenario.violation) {
      expect(decoded.error).toMatchObject({ code: scenario.violation.code, closeCode: scenario.violation.closeCode, rfc: scenario.violation.rfc })
    } else {
      expect(decoded.error).toBeNull()
    }
  })

  it('checks the client frames with the core: an unmasked one gets Close 1002', async () => {
    const server = await startTestServer()
    const raw = await rawUpgrade(server.port, '/scenario/client-masking')
    raw.socket.write(encodeFrame({ opcode: Opcode.TEXT, payload: utf8Encode('not masked'), mask: false }))
    const decoded = await decodeFrom(raw.socket, raw.rest, 'server', null, (d) => d.messages.some((m) => m.type === 'close'))
    expect(decoded.messages.at(-1)).toMatchObject({ type: 'close', closeCode: 1002 })
    expect(decoded.messages.at(-1)!.closeReason).toMatch(/unmasked frame from a client/)
  })

  it('answers an unknown name with 404 and a compressed scenario without an offer with 400', async () => {
    const server = await startTestServer()
    const unknown = await rawUpgrade(server.port, '/scenario/nope')
    expect(unknown.status).toBe(404)
    expect(unknown.rest.toString()).toMatch(/no scenario "nope"; GET \/api\/scenarios lists/)
    const noOffer = await rawUpgrade(server.port, '/scenario/compressed-context-takeover')
    expect(noOffer.status).toBe(400)
    expect(noOffer.rest.toString()).toMatch(/must offer permessage-deflate/)
  })
})
