/**
 * A finding is a value, never an exception: like a Wireshark expert item it has a stable
 * code, a severity, the RFC section that states the rule, the close code a conforming
 * endpoint would send (null when the rule does not fail the connection) and a byte range.
 *
 * Every finding the core makes is declared once in FINDINGS (as the frame fields are in
 * FRAME_FIELDS): its severity, close code and section come from there, so a code cannot be
 * misspelled (FindingCode is the union of the table's keys) and cannot drift between places.
 */
export type Severity = 'error' | 'warning' | 'info'

/** A section of a document, always in one form: `RFC 6455 §5.2`. */
export type RfcReference = `RFC ${number} §${string}`

export interface FindingSpec {
  severity: Severity
  /** 1002, 1007, 1009… for errors that fail the connection; null otherwise. */
  closeCode: number | null
  rfc: RfcReference
  /** What the rule is about, in a few words (the finding's message gives the particulars). */
  text: string
}

export interface Finding {
  /** Stable identifier, e.g. `frame.reserved-opcode`; safe to match on in code and tests. */
  readonly code: string
  readonly severity: Severity
  readonly closeCode: number | null
  /** e.g. `RFC 6455 §5.2`. */
  readonly rfc: string
  readonly message: string
  /** Byte offset in the input (the stream for frame findings, the text for parse findings). */
  readonly offset: number
  /** Length of the byte range the finding is about (0 when it is about a position). */
  readonly length: number
}

const protocolError = (rfc: RfcReference, text: string): FindingSpec => ({ severity: 'error', closeCode: 1002, rfc, text })
const invalidData = (rfc: RfcReference, text: string): FindingSpec => ({ severity: 'error', closeCode: 1007, rfc, text })
const tooBig = (rfc: RfcReference, text: string): FindingSpec => ({ severity: 'error', closeCode: 1009, rfc, text })
const note = (severity: Severity, rfc: RfcReference, text: string): FindingSpec => ({ severity, closeCode: null, rfc, text })

/** The core's findings, by code. */
export const FINDINGS = {
  // Framing (RFC 6455 §5), in the order endpoints check a header.
  'frame.reserved-bit': protocolError('RFC 6455 §5.2', 'RSV2 or RSV3 set without an extension that defines it'),
  'frame.rsv1-without-extension': protocolError('RFC 6455 §5.2', 'RSV1 set without a negotiated extension'),
  'frame.reserved-opcode': protocolError('RFC 6455 §5.2', 'reserved opcode'),
  'frame.rsv1-on-continuation': protocolError('RFC 7692 §6.1', 'RSV1 set on a continuation frame'),
  'frame.unexpected-continuation': protocolError('RFC 6455 §5.4', 'continuation frame with no fragmented message'),
  'frame.data-inside-fragmented': protocolError('RFC 6455 §5.4', 'new data frame inside a fragmented message'),
  'frame.fragmented-control': protocolError('RFC 6455 §5.5', 'fragmented control frame'),
  'frame.rsv1-on-control': protocolError('RFC 7692 §6.1', 'RSV1 set on a control frame'),
  'frame.control-too-long': protocolError('RFC 6455 §5.5', 'control frame longer than 125 bytes'),
  'frame.close-one-byte': protocolError('RFC 6455 §5.5.1', 'close frame with a 1-byte body'),
  'frame.unmasked-client-frame': protocolError('RFC 6455 §5.1', 'unmasked frame from a client'),
  'frame.masked-server-frame': protocolError('RFC 6455 §5.1', 'masked frame from a server'),
  'frame.length-msb-set': tooBig('RFC 6455 §5.2', '64-bit payload length with its most significant bit set'),
  'frame.length-too-large': tooBig('RFC 6455 §10.4', 'payload length beyond 2^53 - 1 bytes'),
  'frame.non-minimal-length': note('warning', 'RFC 6455 §5.2', 'payload length not in its minimal form'),

  // Messages (RFC 6455 §5.4, §8.1, §10.4).
  'message.too-big': tooBig('RFC 6455 §10.4', 'message larger than the limit'),
  'message.too-many-fragments': tooBig('RFC 6455 §10.4', 'message in more fragments than the limit'),
  'message.invalid-utf8': invalidData('RFC 6455 §8.1', 'text message that is not valid UTF-8'),
  'deflate.inflate-failed': invalidData('RFC 7692 §7.2.2', 'compressed data that does not inflate'),

  // Close frames (RFC 6455 §5.5.1, §7.4).
  'close.invalid-code': protocolError('RFC 6455 §7.4', 'close code not allowed on the wire'),
  'close.invalid-utf8-reason': invalidData('RFC 6455 §5.5.1', 'close reason that is not valid UTF-8'),

  // Gaps in a capture: bytes that were never captured.
  'gap.message-cut': note('warning', 'RFC 6455 §5.4', 'message cut by a gap in the capture'),
  'gap.frame-cut': note('warning', 'RFC 6455 §5.2', 'frame cut by a gap in the capture'),
  'gap.message-start-lost': note('info', 'RFC 6455 §5.4', 'message that began before a gap'),
  'gap.deflate-context-lost': note('warning', 'RFC 7692 §7.1.1', 'compression window lost in a gap'),
  'gap.resynced': note('info', 'RFC 6455 §5.2', 'decoding resumed after a gap'),
  'gap.no-frame-boundary': note('warning', 'RFC 6455 §5.2', 'no frame boundary found after a gap'),

  // Extension negotiation (RFC 6455 §9.1, RFC 7692 §7.1).
  'extensions.syntax': { severity: 'error', closeCode: null, rfc: 'RFC 6455 §9.1', text: 'Sec-WebSocket-Extensions value that does not parse' },
  'deflate.duplicate-param': { severity: 'error', closeCode: null, rfc: 'RFC 7692 §7.1', text: 'permessage-deflate parameter given twice' },
  'deflate.unknown-param': { severity: 'error', closeCode: null, rfc: 'RFC 7692 §7.1', text: 'unknown permessage-deflate parameter' },
  'deflate.param-value': { severity: 'error', closeCode: null, rfc: 'RFC 7692 §7.1', text: 'invalid permessage-deflate parameter value' },
  'deflate.accepted-twice': { severity: 'error', closeCode: null, rfc: 'RFC 7692 §7.1', text: 'permessage-deflate accepted more than once' },

  // Reading a pasted opening handshake (RFC 6455 §4, RFC 7230 §3.2).
  'handshake.empty': { severity: 'error', closeCode: null, rfc: 'RFC 6455 §4', text: 'no handshake in the text' },
  'handshake.syntax': note('warning', 'RFC 7230 §3.2', 'line that is not HTTP syntax'),
  'handshake.space-before-colon': note('warning', 'RFC 7230 §3.2.4', 'white space between a field name and its colon'),
  'handshake.extra-block': note('warning', 'RFC 6455 §4', 'second block for a side already read'),
  'handshake.ignored-block': note('warning', 'RFC 6455 §4', 'block that is not part of the handshake'),
  'handshake.assumed-side': note('info', 'RFC 6455 §4', 'block whose side was assumed'),
  'handshake.http2': note('info', 'RFC 8441 §4', 'WebSocket over HTTP/2'),
} as const satisfies Record<string, FindingSpec>

export type FindingCode = keyof typeof FINDINGS

/** A finding of a layer outside the core: its rule may be one of the tool's own (`wsinspect proxy`). */
export type ExternalFindingSpec = Omit<FindingSpec, 'rfc'> & { rfc: string }

/** The finding `code` with its particulars: severity, close code and section come from the catalog. */
export function finding(code: FindingCode, message: string, offset = 0, length = 0): Finding {
  const spec: FindingSpec = FINDINGS[code]
  return { code, severity: spec.severity, closeCode: spec.closeCode, rfc: spec.rfc, message, offset, length }
}

/**
 * A catalog of findings for a layer outside the core (tap, proxy, importers), in the same
 * form: returns the constructor for its codes, so they are as typo-proof as the core's.
 */
export function defineFindings<const T extends Record<string, ExternalFindingSpec>>(
  catalog: T,
): (code: keyof T & string, message: string, offset?: number, length?: number) => Finding {
  return (code, message, offset = 0, length = 0) => {
    const spec = catalog[code] as ExternalFindingSpec
    return { code, severity: spec.severity, closeCode: spec.closeCode, rfc: spec.rfc, message, offset, length }
  }
}
