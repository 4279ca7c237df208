import { utf8Decode } from '../../protocol/index.ts'
import type { CheckCase } from '../case-definition.ts'
import { compressionData } from './compression-data.ts'
import { echoLoop, formatBytes } from './echo-loop.ts'
import { NORMAL_CLOSE } from './helpers.ts'

/** Autobahn's (payload size, auto-fragment size) for every 12.x.y and 13.x.y; 1000 messages each. */
const MESSAGES: [number, number][] = [
  [16, 0],
  [64, 0],
  [256, 0],
  [1024, 0],
  [4096, 0],
  [8192, 0],
  [16384, 0],
  [32768, 0],
  [65536, 0],
  [131072, 0],
  [8192, 256],
  [16384, 256],
  [32768, 256],
  [65536, 256],
  [131072, 256],
  [131072, 1024],
  [131072, 4096],
  [131072, 32768],
]
const FULL_COUNT = 1000
/** Without --full: fewer messages, none larger than this. */
const SCALED_COUNT = 5
const SCALED_MAX = 16384

const DEFAULT_OFFER = 'permessage-deflate; client_max_window_bits'

/** 13.1 … 13.7: the client's offers, as Autobahn's (server_no_context_takeover, server_max_window_bits) pairs. */
const OFFERS: string[] = [
  DEFAULT_OFFER,
  'permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits',
  'permessage-deflate; server_max_window_bits=8; client_max_window_bits',
  'permessage-deflate; server_max_window_bits=15; client_max_window_bits',
  'permessage-deflate; server_no_context_takeover; server_max_window_bits=8; client_no_context_takeover; client_max_window_bits',
  'permessage-deflate; server_no_context_takeover; server_max_window_bits=15; client_no_context_takeover; client_max_window_bits',
  'permessage-deflate; server_no_context_takeover; server_max_window_bits=8; client_max_window_bits, permessage-deflate; server_no_context_takeover; client_max_window_bits, permessage-deflate; client_max_window_bits',
]

function deflateCase(id: string, section: '12' | '13', dataIndex: number, offer: string, [size, fragment]: [number, number]): CheckCase {
  const data = compressionData()[dataIndex]
  const scaled = Math.min(size, SCALED_MAX)
  return {
    id,
    section,
    title: `Send ${FULL_COUNT} compressed ${data.type} messages of ${formatBytes(size)} (${SCALED_COUNT} of ${formatBytes(scaled)} without --full)${fragment ? `, auto-fragmented to ${fragment} octets` : ''}: ${data.title}; offer "${offer}"`,
    expectation: 'Every message is echoed with its payload as sent (UNIMPLEMENTED when the server declines permessage-deflate).',
    rfc: 'RFC 7692 §7',
    request: { extensions: offer },
    needsDeflate: true,
    close: NORMAL_CLOSE,
    timeoutMs: 480_000,
    script(ctx) {
      const length = ctx.full ? size : scaled
      const count = ctx.full ? FULL_COUNT : SCALED_COUNT
      const source = data.bytes
      let at = 0
      return echoLoop(ctx, count, () => {
        const message = new Uint8Array(length)
        for (let i = 0; i < length; i++) message[i] = source[(at + i) % source.length]
        at = (at + length) % source.length
        const options = { fragmentSize: fragment || undefined }
        const wire = data.type === 'text' ? ctx.encoder.text(utf8Decode(message), options) : ctx.encoder.binary(message, options)
        return { type: data.type, data: message, wire }
      })
    },
  }
}

export const SECTION_12: CheckCase[] = compressionData().flatMap((_, j) =>
  MESSAGES.map((m, i) => deflateCase(`12.${j + 1}.${i + 1}`, '12', j, DEFAULT_OFFER, m)),
)

export const SECTION_13: CheckCase[] = OFFERS.flatMap((offer, j) => MESSAGES.map((m, i) => deflateCase(`13.${j + 1}.${i + 1}`, '13', 0, offer, m)))
