import { decodeBase64, utf8Encode } from '../protocol/index.ts'
import {
  CAPTURE_API_VERSION,
  CAPTURE_ID_PATTERN,
  DEFAULT_PAYLOAD_LIMIT,
  MAX_FRAMES_PER_REQUEST,
  MAX_PAYLOAD_LIMIT,
  type CaptureCommand,
  type FeedEncoding,
  type FeedFrames,
  type HoldAction,
  type Sender,
} from '../shared/capture-api.ts'
import { parseRules, type Rule } from '../rules/rules.ts'
import { MAX_CLOSE_REASON_BYTES } from './close-reason.ts'

/** A frame to inject, its payload decoded. */
export interface InjectFrame {
  opcode: number
  fin: boolean
  rsv1: boolean
  rsv2: boolean
  rsv3: boolean
  payload: Uint8Array
}

/** A command's content, checked field by field, with its byte strings decoded. */
type CommandBody =
  | { type: 'subscribe'; captureId: string; payloadLimit: number; showSecrets: boolean; encoding: FeedEncoding; frames: FeedFrames }
  | { type: 'unsubscribe'; captureId: string }
  | { type: 'ping'; captureId: string; to: Sender; payload: Uint8Array }
  | { type: 'close'; captureId: string; to: Sender; code: number | null; reason: string }
  | { type: 'auto-pong'; captureId: string; enabled: boolean }
  | { type: 'inject'; captureId: string; to: Sender; frame: InjectFrame }
  | { type: 'release'; captureId: string; holdId: string; action: HoldAction; data: Uint8Array | null }
  | { type: 'frames'; captureId: string; sender: Sender; select: { from: number; to: number } | { offset: number } }
  | { type: 'set-rules'; captureId: null; rules: Rule[]; holdTimeoutMs: number | null; holdTimeoutAction: 'forward' | 'drop' | null }

/** A command from the app, ready to run. */
export type ValidCommand = { commandId: string | null } & CommandBody

export type ParsedCommand = { ok: true; command: ValidCommand } | { ok: false; commandId: string | null; message: string }

/** Thrown while reading a command; becomes its `error` answer. */
class CommandError extends Error {}

const MAX_CONTROL_PAYLOAD = 125

/** Reads one command message; every problem is named precisely, nothing throws. */
export function parseCommand(text: string, maxPayload: number): ParsedCommand {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { ok: false, commandId: null, message: 'a command must be a JSON object, e.g. {"type":"subscribe","version":1,"captureId":"*"}' }
  }
  const fields = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const commandId = typeof fields.commandId === 'string' ? fields.commandId : null
  try {
    return { ok: true, command: { commandId, ...readCommand(fields as Partial<CaptureCommand>, maxPayload) } }
  } catch (e) {
    if (e instanceof CommandError) return { ok: false, commandId, message: e.message }
    throw e
  }
}

function readCommand(c: Partial<CaptureCommand>, maxPayload: number): CommandBody {
  switch (c.type) {
    case 'subscribe': {
      if (c.version !== CAPTURE_API_VERSION)
        throw new CommandError(
          `subscribe.version must be ${CAPTURE_API_VERSION} (this server speaks version ${CAPTURE_API_VERSION} of the captures API), not ${JSON.stringify(c.version)}`,
        )
      const captureId = c.captureId === '*' ? '*' : captureIdOf(c)
      const payloadLimit = integer(c.payloadLimit ?? DEFAULT_PAYLOAD_LIMIT, 'subscribe.payloadLimit', 0, MAX_PAYLOAD_LIMIT)
      if (c.encoding !== undefined && c.encoding !== 'json' && c.encoding !== 'binary')
        throw new CommandError(`subscribe.encoding must be "json" or "binary", not ${JSON.stringify(c.encoding)}`)
      if (c.frames !== undefined && c.frames !== 'payloads' && c.frames !== 'headers' && c.frames !== 'none')
        throw new CommandError(`subscribe.frames must be "payloads", "headers" or "none", not ${JSON.stringify(c.frames)}`)
      const showSecrets = flag(c.showSecrets, 'subscribe.showSecrets', false)
      return { type: 'subscribe', captureId, payloadLimit, showSecrets, encoding: c.encoding ?? 'json', frames: c.frames ?? 'payloads' }
    }
    case 'frames': {
      const captureId = captureIdOf(c)
      if (c.sender !== 'client' && c.sender !== 'server') throw new CommandError(`frames.sender must be "client" or "server", not ${JSON.stringify(c.sender)}`)
      if (c.offset !== undefined) {
        if (c.from !== undefined || c.to !== undefined) throw new CommandError('frames takes either offset or from and to, not both')
        return { type: 'frames', captureId, sender: c.sender, select: { offset: integer(c.offset, 'frames.offset', 0, Number.MAX_SAFE_INTEGER) } }
      }
      if (c.from === undefined || c.to === undefined)
        throw new CommandError('frames needs from and to (frame indexes, to exclusive), or offset (a byte of the stream)')
      const from = integer(c.from, 'frames.from', 0, Number.MAX_SAFE_INTEGER)
      const to = integer(c.to, 'frames.to', from, Number.MAX_SAFE_INTEGER)
      if (to - from > MAX_FRAMES_PER_REQUEST)
        throw new CommandError(`frames asks for ${to - from} frames (from ${from} to ${to}); at most ${MAX_FRAMES_PER_REQUEST} per request`)
      return { type: 'frames', captureId, sender: c.sender, select: { from, to } }
    }
    case 'unsubscribe':
      return { type: 'unsubscribe', captureId: c.captureId === '*' ? '*' : captureIdOf(c) }
    case 'ping': {
      const payload = c.payload === undefined ? globalThis.crypto.getRandomValues(new Uint8Array(8)) : bytes(c.payload, 'ping.payload', MAX_CONTROL_PAYLOAD)
      return { type: 'ping', captureId: captureIdOf(c), to: senderOf(c.to, 'ping.to'), payload }
    }
    case 'close': {
      const code = c.code === null ? null : integer(c.code, 'close.code', 0, 0xffff)
      const reason = c.reason ?? ''
      if (typeof reason !== 'string') throw new CommandError('close.reason must be a string')
      const length = utf8Encode(reason).length
      if (length > MAX_CLOSE_REASON_BYTES)
        throw new CommandError(`close.reason is ${length} bytes of UTF-8; at most ${MAX_CLOSE_REASON_BYTES} fit in a Close frame`)
      if (code === null && reason) throw new CommandError('close.reason needs a close.code: an empty Close body has neither')
      return { type: 'close', captureId: captureIdOf(c), to: senderOf(c.to, 'close.to'), code, reason }
    }
    case 'auto-pong':
      if (typeof c.enabled !== 'boolean') throw new CommandError('auto-pong.enabled must be true or false')
      return { type: 'auto-pong', captureId: captureIdOf(c), enabled: c.enabled }
    case 'inject': {
      const spec = c.frame
      if (!spec || typeof spec !== 'object') throw new CommandError('inject.frame must be an object such as {"opcode":1,"payload":"SGk="}')
      const frame: InjectFrame = {
        opcode: integer(spec.opcode, 'inject.frame.opcode', 0, 15),
        fin: flag(spec.fin, 'inject.frame.fin', true),
        rsv1: flag(spec.rsv1, 'inject.frame.rsv1', false),
        rsv2: flag(spec.rsv2, 'inject.frame.rsv2', false),
        rsv3: flag(spec.rsv3, 'inject.frame.rsv3', false),
        payload: spec.payload === undefined ? new Uint8Array(0) : bytes(spec.payload, 'inject.frame.payload', maxPayload),
      }
      return { type: 'inject', captureId: captureIdOf(c), to: senderOf(c.to ?? null, 'inject.to'), frame }
    }
    case 'release': {
      if (c.action !== 'forward' && c.action !== 'forward-edited' && c.action !== 'drop')
        throw new CommandError(`release.action must be "forward", "forward-edited" or "drop", not ${JSON.stringify(c.action)}`)
      if (typeof c.holdId !== 'string' || !/^(client|server)-\d+$/.test(c.holdId))
        throw new CommandError(`release.holdId must be the holdId of a 'held' message-outcome, such as "client-3", not ${JSON.stringify(c.holdId)}`)
      if (c.action === 'forward-edited' && c.data === undefined)
        throw new CommandError('release with action "forward-edited" needs data: base64 of the edited message')
      const data = c.data === undefined ? null : bytes(c.data, 'release.data', maxPayload)
      return { type: 'release', captureId: captureIdOf(c), holdId: c.holdId, action: c.action, data }
    }
    case 'set-rules': {
      const parsed = parseRules(c.rules)
      if (!parsed.ok) throw new CommandError(`set-rules: ${parsed.error}`)
      const rules = parsed.value
      const timeout = c.holdTimeoutMs === undefined ? null : integer(c.holdTimeoutMs, 'set-rules.holdTimeoutMs', 100, 24 * 3600 * 1000)
      if (c.holdTimeoutAction !== undefined && c.holdTimeoutAction !== 'forward' && c.holdTimeoutAction !== 'drop')
        throw new CommandError(`set-rules.holdTimeoutAction must be "forward" or "drop", not ${JSON.stringify(c.holdTimeoutAction)}`)
      return { type: 'set-rules', captureId: null, rules, holdTimeoutMs: timeout, holdTimeoutAction: c.holdTimeoutAction ?? null }
    }
    default:
      throw new CommandError(
        `unknown command type ${JSON.stringify(c.type)} (known: subscribe, unsubscribe, frames, ping, close, auto-pong, inject, release, set-rules)`,
      )
  }
}

function captureIdOf(c: { captureId?: unknown }): string {
  if (typeof c.captureId === 'string' && CAPTURE_ID_PATTERN.test(c.captureId)) return c.captureId
  throw new CommandError(`captureId must be 1 to 64 letters, digits, "_", "." or "-", not ${JSON.stringify(c.captureId)}`)
}

function senderOf(value: unknown, name: string): Sender {
  if (value === undefined) return 'server'
  if (value === 'client' || value === 'server') return value
  throw new CommandError(`${name} must be "client" or "server", not ${JSON.stringify(value)}`)
}

function integer(value: unknown, name: string, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value
  throw new CommandError(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`)
}

function flag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value === 'boolean') return value
  throw new CommandError(`${name} must be true or false, not ${JSON.stringify(value)}`)
}

function bytes(value: unknown, name: string, max: number): Uint8Array {
  const decoded = typeof value === 'string' ? decodeBase64(value) : null
  if (!decoded) throw new CommandError(`${name} must be standard padded base64`)
  if (decoded.length > max) throw new CommandError(`${name} is ${decoded.length} bytes; at most ${max} are allowed`)
  return decoded
}
