/** Close codes of RFC 6455 §7.4 and the IANA registry: names, meanings, and which may be sent. */
export type CloseCodeRange = 'unused' | 'protocol' | 'registered' | 'private' | 'invalid'

export interface CloseCodeInfo {
  code: number
  name: string
  /** What the code says about why the connection closed. */
  meaning: string
  /** Whether the code may appear in a Close frame on the wire (§7.4.1, §7.4.2). */
  onWire: boolean
  range: CloseCodeRange
  rfc: string
}

type Entry = Omit<CloseCodeInfo, 'code' | 'range'>

const PROTOCOL_CODES: Record<number, Entry> = {
  1000: {
    name: 'Normal Closure',
    meaning: 'The purpose for which the connection was established has been fulfilled.',
    onWire: true,
    rfc: 'RFC 6455 §7.4.1',
  },
  1001: {
    name: 'Going Away',
    meaning: 'An endpoint is going away: a server going down, or a browser leaving the page.',
    onWire: true,
    rfc: 'RFC 6455 §7.4.1',
  },
  1002: {
    name: 'Protocol Error',
    meaning: 'The endpoint is terminating the connection due to a protocol error.',
    onWire: true,
    rfc: 'RFC 6455 §7.4.1',
  },
  1003: {
    name: 'Unsupported Data',
    meaning: 'The endpoint received a type of data it cannot accept (e.g. binary when it only understands text).',
    onWire: true,
    rfc: 'RFC 6455 §7.4.1',
  },
  1004: {
    name: 'Reserved',
    meaning: 'Reserved; the meaning might be defined in the future.',
    onWire: false,
    rfc: 'RFC 6455 §7.4.1',
  },
  1005: {
    name: 'No Status Received',
    meaning: 'No status code was present in the Close frame (reported locally, never sent).',
    onWire: false,
    rfc: 'RFC 6455 §7.4.1',
  },
  1006: {
    name: 'Abnormal Closure',
    meaning: 'The connection closed without a Close frame (reported locally, never sent).',
    onWire: false,
    rfc: 'RFC 6455 §7.4.1',
  },
  1007: {
    name: 'Invalid Frame Payload Data',
    meaning: 'A message contained data inconsistent with its type, such as invalid UTF-8 in a text message.',
    onWire: true,
    rfc: 'RFC 6455 §7.4.1',
  },
  1008: {
    name: 'Policy Violation',
    meaning: "A message violated the endpoint's policy.",
    onWire: true,
    rfc: 'RFC 6455 §7.4.1',
  },
  1009: {
    name: 'Message Too Big',
    meaning: 'A message was too big for the endpoint to process.',
    onWire: true,
    rfc: 'RFC 6455 §7.4.1',
  },
  1010: {
    name: 'Mandatory Extension',
    meaning: 'The client expected the server to negotiate one or more extensions, but it did not.',
    onWire: true,
    rfc: 'RFC 6455 §7.4.1',
  },
  1011: {
    name: 'Internal Error',
    meaning: 'The server met an unexpected condition that prevented it from fulfilling the request.',
    onWire: true,
    rfc: 'RFC 6455 §7.4.1',
  },
  1012: {
    name: 'Service Restart',
    meaning: 'The service is restarting; a client may reconnect, after a randomised delay.',
    onWire: true,
    rfc: 'IANA WebSocket Close Code registry',
  },
  1013: {
    name: 'Try Again Later',
    meaning: 'The service is overloaded or temporarily unavailable; try again later.',
    onWire: true,
    rfc: 'IANA WebSocket Close Code registry',
  },
  1014: {
    name: 'Bad Gateway',
    meaning: 'A gateway or proxy received an invalid response from the upstream server.',
    onWire: true,
    rfc: 'IANA WebSocket Close Code registry',
  },
  1015: {
    name: 'TLS Handshake',
    meaning: 'The TLS handshake failed, e.g. the certificate could not be verified (reported locally, never sent).',
    onWire: false,
    rfc: 'RFC 6455 §7.4.1',
  },
}

/** Codes 1000–1015 with an entry in the registry, in order. */
export const PROTOCOL_CLOSE_CODES: readonly number[] = Object.keys(PROTOCOL_CODES).map(Number)

/**
 * Whether a code may be sent in a Close frame (RFC 6455 §7.4): the assigned codes except
 * 1004–1006 and 1015, and 3000–4999. Everything else is a protocol error (1002).
 */
export function isValidWireCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999)
}

export function describeCloseCode(code: number): CloseCodeInfo {
  const entry = PROTOCOL_CODES[code]
  if (entry) return { code, range: 'protocol', ...entry }
  if (code >= 0 && code <= 999) {
    return {
      code,
      name: 'Unused',
      meaning: 'Codes 0–999 are not used.',
      onWire: false,
      range: 'unused',
      rfc: 'RFC 6455 §7.4.2',
    }
  }
  if (code >= 1016 && code <= 2999) {
    return {
      code,
      name: 'Reserved for the protocol',
      meaning: 'Reserved for future revisions of the protocol and extensions; not assigned.',
      onWire: false,
      range: 'protocol',
      rfc: 'RFC 6455 §7.4.2',
    }
  }
  if (code >= 3000 && code <= 3999) {
    return {
      code,
      name: 'Registered',
      meaning: 'For libraries, frameworks and applications, registered with IANA.',
      onWire: true,
      range: 'registered',
      rfc: 'RFC 6455 §7.4.2',
    }
  }
  if (code >= 4000 && code <= 4999) {
    return {
      code,
      name: 'Private use',
      meaning: 'Application-defined; its meaning is agreed between the two endpoints.',
      onWire: true,
      range: 'private',
      rfc: 'RFC 6455 §7.4.2',
    }
  }
  return {
    code,
    name: 'Invalid',
    meaning: 'Not a close code: close codes are 16-bit values from 1000 to 4999.',
    onWire: false,
    range: 'invalid',
    rfc: 'RFC 6455 §7.4.2',
  }
}
