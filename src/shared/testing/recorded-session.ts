/** Test support: recorded sessions of whole, uncompressed text messages, for the replay tests. */
import { emptySession, type Sender, type Session, type SessionInfo, type SessionMessage } from '../session.ts'

/** A whole, uncompressed text message recorded at `t`. */
export function textMessage(t: number, sender: Sender, text: string): SessionMessage {
  return {
    t,
    sender,
    type: 'text',
    data: new TextEncoder().encode(text),
    compressed: false,
    wireLength: null,
    frameCount: 1,
    closeCode: null,
    closeReason: null,
  }
}

/** A tap session holding `messages` ([t, sender, text] each), in order. */
export function recordedSession(messages: [number, Sender, string][], info: Partial<SessionInfo> = {}): Session {
  return { ...emptySession({ id: 's', source: 'tap', ...info }), messages: messages.map(([t, sender, text]) => textMessage(t, sender, text)) }
}
