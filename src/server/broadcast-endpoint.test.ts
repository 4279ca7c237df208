import { afterEach, describe, expect, it } from 'vitest'
import { nextMessage, openWs, rawUpgrade, runCleanups, startTestServer } from './test-support.ts'

afterEach(runCleanups)

describe('/broadcast', () => {
  it('delivers what one client sends to every client of the room, the sender too, and to no other room', async () => {
    const server = await startTestServer()
    const url = (room: string) => `ws://127.0.0.1:${server.port}/broadcast?room=${room}`
    const room = await Promise.all([openWs(url('a')), openWs(url('a')), openWs(url('a'))])
    const other = await openWs(url('b'))
    let leaked = false
    other.on('message', () => (leaked = true))
    const received = Promise.all(room.map(nextMessage))
    room[1].send('to everyone')
    for (const m of await received) expect(m).toEqual({ data: Buffer.from('to everyone'), isBinary: false })
    const binary = Promise.all(room.map(nextMessage))
    room[2].send(Buffer.from([1, 2, 3]))
    for (const m of await binary) expect(m.isBinary).toBe(true)
    expect(leaked).toBe(false)
  })

  it('refuses a bad room name', async () => {
    const server = await startTestServer()
    const raw = await rawUpgrade(server.port, '/broadcast?room=no%20spaces')
    expect(raw.status).toBe(400)
    expect(raw.rest.toString()).toMatch(/room must be 1 to 64 letters/)
  })
})
