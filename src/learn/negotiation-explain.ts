import {
  headerValues,
  type HandshakeReport,
  parseExtensionsHeader,
  type ExtensionOffer,
  PERMESSAGE_DEFLATE,
  type DeflateParams,
  type Sender,
} from '../protocol/index.ts'

/**
 * The extension and subprotocol negotiation of a handshake in plain words: what was offered,
 * what was accepted, and what the accepted parameters cost and buy (memory, compression).
 * Teaching text for the handshake lab; the checks themselves are in handshake-checks.ts.
 */
export interface NegotiationNote {
  topic: string
  text: string
  rfc: string
}

/** zlib's deflate with its default memLevel (8), as pako, Node and browsers use it. */
const MEM_LEVEL = 8

/**
 * Bytes zlib needs for one compressor and one decompressor with a window of 2^bits (zconf.h:
 * deflate (1 << (windowBits+2)) + (1 << (memLevel+9)); inflate 1 << windowBits plus about 7 KB).
 */
export function deflateMemory(windowBits: number): { compressor: number; decompressor: number } {
  const bits = Math.max(9, windowBits) // zlib has no 8-bit deflate window: it uses 9
  return { compressor: 2 ** (bits + 2) + 2 ** (MEM_LEVEL + 9), decompressor: 2 ** windowBits + 7 * 1024 }
}

function kib(bytes: number): string {
  return `${Math.round(bytes / 1024)} KiB`
}

function joinedValue(fields: [string, string][] | undefined, name: string): string | null {
  if (!fields) return null
  const values = headerValues(fields, name)
  return values.length ? values.join(', ') : null
}

function listElements(value: string | null): string[] {
  return value === null
    ? []
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
}

function windowNote(side: Sender, bits: number, asked: boolean): NegotiationNote {
  const reader = side === 'client' ? 'server' : 'client'
  const memory = deflateMemory(bits)
  const window = 2 ** bits
  const size = window >= 1024 ? kib(window) : `${window} bytes`
  const default15 =
    bits !== 15 ? '' : asked ? ', the largest and the default, so this limits nothing' : ' (not named in the response, so the default, the largest)'
  return {
    topic: `${side}_max_window_bits=${bits}`,
    text:
      `The ${side} compresses with an LZ77 window of 2^${bits} = ${size}${default15}: ` +
      'a repeated string becomes a short back-reference only when it occurred ' +
      `within the last ${size} of data. Memory per connection: about ${kib(memory.compressor)} for the ${side}'s compressor ` +
      `and ${kib(memory.decompressor)} for the ${reader}'s decompressor. A smaller window saves memory on servers with many ` +
      'connections, and compresses worse when repeats are further apart than the window.',
    rfc: side === 'client' ? 'RFC 7692 §7.1.2.2' : 'RFC 7692 §7.1.2.1',
  }
}

function takeoverNote(side: Sender, noTakeover: boolean): NegotiationNote {
  return {
    topic: noTakeover ? `${side}_no_context_takeover` : `${side} context takeover`,
    text: noTakeover
      ? `The ${side} resets its compressor after every message: each message is compressed on its own, so repeats across ` +
        'messages (the same JSON keys every time) are not reused, but no window is held between messages.'
      : `The ${side} keeps its compression context from one message to the next (no ${side}_no_context_takeover): text that ` +
        'appeared in an earlier message, such as repeated JSON keys, costs only a few bytes in the next one. The price is the ' +
        'window, held in memory for the life of the connection.',
    rfc: side === 'client' ? 'RFC 7692 §7.1.1.2' : 'RFC 7692 §7.1.1.1',
  }
}

/** What the offer asks for, in words. */
function offerNotes(offers: ExtensionOffer[]): NegotiationNote[] {
  const deflate = offers.filter((o) => o.name.toLowerCase() === PERMESSAGE_DEFLATE)
  const others = offers.filter((o) => o.name.toLowerCase() !== PERMESSAGE_DEFLATE)
  const notes: NegotiationNote[] = []
  if (deflate.length) {
    const params = deflate[0].params
    const parts = ['The client offers permessage-deflate: messages compressed with DEFLATE, marked by RSV1.']
    if (params.client_max_window_bits === true) {
      parts.push('client_max_window_bits without a value says the client can compress with a smaller window if the server asks for one.')
    }
    if (deflate.length > 1) parts.push(`It makes ${deflate.length} offers, in order of preference; the server accepts at most one.`)
    notes.push({ topic: 'offer', text: parts.join(' '), rfc: 'RFC 7692 §5' })
  }
  for (const o of others) {
    notes.push({ topic: 'offer', text: `The client also offers "${o.name}", an extension wsinspect does not know.`, rfc: 'RFC 6455 §9' })
  }
  return notes
}

function acceptedNotes(accepted: ExtensionOffer[], deflate: DeflateParams | null): NegotiationNote[] {
  if (!deflate) {
    const names = accepted.map((e) => e.name)
    return names.length
      ? [
          {
            topic: 'accepted',
            text: `The server accepts ${names.join(', ')}; without valid permessage-deflate no message is compressed.`,
            rfc: 'RFC 6455 §9.1',
          },
        ]
      : []
  }
  const element = accepted.find((e) => e.name.toLowerCase() === PERMESSAGE_DEFLATE)
  const params = element?.params ?? {}
  return [
    { topic: 'accepted', text: 'The server accepts permessage-deflate: from now on each side may compress any data message it sends.', rfc: 'RFC 7692 §7' },
    windowNote('client', deflate.clientMaxWindowBits, params.client_max_window_bits !== undefined),
    windowNote('server', deflate.serverMaxWindowBits, params.server_max_window_bits !== undefined),
    takeoverNote('client', deflate.clientNoContextTakeover),
    takeoverNote('server', deflate.serverNoContextTakeover),
  ]
}

function subprotocolNotes(report: HandshakeReport): NegotiationNote[] {
  const offered = listElements(joinedValue(report.request?.headers, 'Sec-WebSocket-Protocol'))
  const rfc = 'RFC 6455 §1.9'
  if (report.subprotocol) {
    return [
      {
        topic: 'subprotocol',
        text: `The server selected "${report.subprotocol}" from ${offered.length ? offered.join(', ') : 'no offer'}: both sides now speak that application protocol over the messages.`,
        rfc,
      },
    ]
  }
  if (offered.length) {
    const answered = report.response && !report.response.headersMissing
    return [
      {
        topic: 'subprotocol',
        text: `The client offers ${offered.join(', ')}${answered ? '; the server selected none, so the client should fail the connection if it needs one' : ''}.`,
        rfc,
      },
    ]
  }
  return [{ topic: 'subprotocol', text: 'No subprotocol was offered: the application defines what its messages mean by itself.', rfc }]
}

/** Notes on the negotiation: the offer, the accepted extensions with their costs, and the subprotocol. */
export function explainNegotiation(report: HandshakeReport): NegotiationNote[] {
  const offered = joinedValue(report.request?.headers, 'Sec-WebSocket-Extensions')
  const accepted = joinedValue(report.response?.headers, 'Sec-WebSocket-Extensions')
  const notes = offered ? offerNotes(parseExtensionsHeader(offered).extensions) : []
  if (accepted) notes.push(...acceptedNotes(parseExtensionsHeader(accepted).extensions, report.deflate))
  else if (offered && report.response && !report.response.headersMissing) {
    notes.push({ topic: 'accepted', text: 'The server accepts no extension: messages go uncompressed.', rfc: 'RFC 6455 §9.1' })
  }
  if (!offered && !accepted)
    notes.push({ topic: 'extensions', text: 'No extension was offered: frames carry the data as is, RSV bits stay 0.', rfc: 'RFC 6455 §9' })
  return [...notes, ...subprotocolNotes(report)]
}
