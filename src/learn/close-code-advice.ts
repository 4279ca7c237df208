import { describeCloseCode } from '../protocol/index.ts'

/** When an application should send each registered code (RFC 6455 §7.4.1), for the reference pages. */
const ADVICE: Record<number, string> = {
  1000: 'Closing on purpose with nothing wrong: a user logged out, a job finished.',
  1001: 'Server shutdown or restart without a better code; a client navigating away.',
  1002: 'The peer broke RFC 6455 framing rules: bad opcode, RSV bit, masking, fragmentation.',
  1003: 'A text-only endpoint received a binary message, or the reverse.',
  1004: 'Never: it must not be sent.',
  1005: 'Never on the wire: APIs report it when a Close frame had an empty body.',
  1006: 'Never on the wire: APIs report it when the TCP connection dropped.',
  1007: 'Invalid UTF-8 in a text message or close reason; compressed data that does not inflate.',
  1008: 'A generic refusal when no other code fits, or when details must stay hidden (auth failed).',
  1009: "A message, or its decompressed size, exceeds the endpoint's limit.",
  1010: 'Sent by a client only; the reason should list the extensions it needed.',
  1011: 'An unhandled exception or failure on the server side.',
  1012: 'Planned restarts and deploys.',
  1013: 'Load shedding, rate limits.',
  1014: 'A WebSocket proxy whose upstream failed.',
  1015: 'Never on the wire: APIs report it for TLS failures.',
}

/** Advice for the codes of a range without an entry of their own (RFC 6455 §7.4.2). */
const RANGE_ADVICE: Record<string, string> = {
  unused: 'Never.',
  reserved: 'Never, until assigned.',
  registered: 'Codes a framework registered (e.g. 3000 Unauthorized, 3003 Forbidden, 3008 Timeout).',
  private: "Your own application's reasons, documented for your clients.",
}

/** When an application should send `code`, in one line. */
export function whenToUseCloseCode(code: number): string {
  const advice = ADVICE[code]
  if (advice !== undefined) return advice
  const { range } = describeCloseCode(code)
  return RANGE_ADVICE[range === 'protocol' ? 'reserved' : range] ?? 'Never.'
}
