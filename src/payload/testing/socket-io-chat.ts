/** Test support: one Socket.IO event with an ack, as socket.io-parser encodes it and as payload decoding reads it. */
import { PacketType } from 'socket.io-parser'

export const CHAT_EVENT = { type: PacketType.EVENT, nsp: '/', data: ['chat', 'hello'], id: 12 }

/** What decoding makes of CHAT_EVENT's Engine.IO message (the contract's payload object). */
export const CHAT_EVENT_DECODED = {
  decoder: 'socket.io',
  layers: ['engine.io', 'socket.io'],
  kind: 'event',
  summary: 'EVENT "chat" ["hello"] ack 12',
  correlation: '12',
  value: { type: 'EVENT', nsp: '/', id: 12, data: ['chat', 'hello'] },
  errors: [],
}
