import { readFileSync } from 'node:fs'
// Not the payload index: it would load protobufjs, which only --proto needs (20–30 ms of
// start-up on the 2-core machine, in every decode run).
import { payloadRegistry } from '../payload/registry.ts'
import { PayloadSession, type PayloadMode } from '../payload/session.ts'
import type { ProtoSchema } from '../payload/proto-schema.ts'
import { UsageError } from './cli-error.ts'

/** The payload part of `wsinspect decode --help`. */
export function payloadUsage(): string {
  return `  --subprotocol NAME     the negotiated Sec-WebSocket-Protocol: picks the payload decoder
  --payload auto|none|ID[,ID...]
                         payload decoding: guess (default), off, or these layers in order
                         (${payloadRegistry.ids.join(', ')})
  --proto FILE.proto     a .proto file for protobuf messages, with
  --proto-type NAME      the message type (pkg.Message) each message holds`
}

export interface PayloadArgs {
  subprotocol: string | null
  mode: PayloadMode
  proto: ProtoSchema | null
}

export async function parsePayloadArgs(values: { subprotocol?: string; payload?: string; proto?: string; 'proto-type'?: string }): Promise<PayloadArgs> {
  const choice = (values.payload ?? 'auto').trim()
  let mode: PayloadMode
  if (choice === 'auto' || choice === 'none') mode = choice
  else {
    const ids = choice
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const unknown = payloadRegistry.unknown(ids)
    if (ids.length === 0 || unknown.length) {
      throw new UsageError(
        `--payload: unknown decoder ${unknown.map((u) => `"${u}"`).join(', ') || '""'}; use auto, none or a list of: ${payloadRegistry.ids.join(', ')}`,
      )
    }
    mode = ids
  }
  let proto: ProtoSchema | null = null
  if (values.proto !== undefined) {
    let source: string
    try {
      source = readFileSync(values.proto, 'utf8')
    } catch (e) {
      throw new UsageError(`--proto: cannot read ${values.proto}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`)
    }
    const { loadProtoSchema } = await import('../payload/proto-schema.ts')
    const loaded = loadProtoSchema(source, values['proto-type'] ?? null)
    if (!loaded.ok) throw new UsageError(`--proto ${values.proto}: ${loaded.error}`)
    proto = loaded.value
  } else if (values['proto-type'] !== undefined) {
    throw new UsageError('--proto-type needs --proto FILE.proto')
  }
  return { subprotocol: values.subprotocol?.trim() || null, mode, proto }
}

/** One file is one direction of one connection: its own decoding state. `null`: decoding off. */
export function payloadSession(args: PayloadArgs | null): PayloadSession {
  if (!args) return new PayloadSession({ payload: 'none' })
  return new PayloadSession({ subprotocol: args.subprotocol, payload: args.mode, options: { proto: args.proto } })
}

/** `--stats`' `payloads`: messages per innermost decoder, `null` for those none read. */
export class PayloadCounts {
  readonly counts: Record<string, number> = {}
  add(decoder: string | null, times = 1): void {
    const key = decoder ?? 'null'
    this.counts[key] = (this.counts[key] ?? 0) + times
  }
}
