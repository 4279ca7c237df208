import { describe, expect, it } from 'vitest'
import { utf8Decode } from '../../protocol/index.ts'
import { connections } from '../connection/connections.ts'
import { connectionToSession, openSessionInInspector } from '../persistence/session-tab.ts'
import { runDecodeJob } from './decode-job.ts'
import { pasteToSession } from './paste-session.ts'

describe('a decoded paste as a session', () => {
  // A masked "Hel" + "lo" split around a Ping, then a Close 1000 — client → server.
  const text = '01 83 00 00 00 00 48 65 6c 89 80 00 00 00 00 80 82 00 00 00 00 6c 6f 88 82 00 00 00 00 03 e8'
  const output = runDecodeJob({ id: 1, text, format: 'auto', from: 'client', extensions: '' })

  it('has the real frames, each linked to its message, and the messages of the decode', () => {
    const session = pasteToSession(output, 'client', '', 1000)!
    expect(session.info).toMatchObject({ source: 'paste', framesReal: true, createdAt: 1000, url: '', handshake: null })
    expect(session.messages.map((m) => [m.type, m.type === 'text' ? utf8Decode(m.data) : m.closeCode])).toEqual([
      ['ping', null],
      ['text', 'Hello'],
      ['close', 1000],
    ])
    expect(session.frames.map((f) => f.messageIndex)).toEqual([1, 0, 1, 2])
    expect(session.frames[0].header).toEqual(new Uint8Array([0x01, 0x83, 0, 0, 0, 0]))
  })

  it('opens in the inspector with its fragments chained, and converts back unchanged', () => {
    const session = pasteToSession(output, 'client', '', 1000)!
    const id = openSessionInInspector(session)
    const { messages, frames } = connections.get(id)!
    const hello = messages.frames(1)!
    expect(frames.chain(hello.first, hello.count)).toEqual([0, 2])
    expect(connectionToSession(id)).toEqual(session)
  })

  it('is nothing when there are no bytes', () => {
    expect(pasteToSession(runDecodeJob({ id: 2, text: '', format: 'auto', from: 'client', extensions: '' }), 'client', '')).toBeNull()
  })
})
