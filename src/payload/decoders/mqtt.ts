import { binaryValue } from '../json-value.ts'
import { isPrintable } from '../payload-input.ts'
import { brief, combine, unreadable, words } from '../summary.ts'
import type { JsonValue, LayerResult, PayloadDecoder, PayloadError, PayloadKind } from '../types.ts'

/**
 * MQTT 3.1.1 and 5.0 control packets, several per message allowed. Hand-written: mqtt-packet
 * needs Node streams and Buffer in the browser; tests hold this reader to mqtt-packet's output.
 * Field names follow mqtt-packet's packet objects.
 */
const CMDS = [
  null,
  'connect',
  'connack',
  'publish',
  'puback',
  'pubrec',
  'pubrel',
  'pubcomp',
  'subscribe',
  'suback',
  'unsubscribe',
  'unsuback',
  'pingreq',
  'pingresp',
  'disconnect',
  'auth',
] as const
type Cmd = Exclude<(typeof CMDS)[number], null>
const KINDS: Record<Cmd, PayloadKind> = {
  connect: 'control',
  connack: 'control',
  publish: 'event',
  puback: 'response',
  pubrec: 'response',
  pubrel: 'control',
  pubcomp: 'response',
  subscribe: 'subscribe',
  suback: 'response',
  unsubscribe: 'unsubscribe',
  unsuback: 'response',
  pingreq: 'heartbeat',
  pingresp: 'heartbeat',
  disconnect: 'control',
  auth: 'control',
}
/** MQTT 5 §2.2.2.2 property identifiers: name and type. */
const PROPERTIES: Record<number, [string, 'byte' | 'u16' | 'u32' | 'varint' | 'string' | 'binary' | 'pair']> = {
  1: ['payloadFormatIndicator', 'byte'],
  2: ['messageExpiryInterval', 'u32'],
  3: ['contentType', 'string'],
  8: ['responseTopic', 'string'],
  9: ['correlationData', 'binary'],
  11: ['subscriptionIdentifier', 'varint'],
  17: ['sessionExpiryInterval', 'u32'],
  18: ['assignedClientIdentifier', 'string'],
  19: ['serverKeepAlive', 'u16'],
  21: ['authenticationMethod', 'string'],
  22: ['authenticationData', 'binary'],
  23: ['requestProblemInformation', 'byte'],
  24: ['willDelayInterval', 'u32'],
  25: ['requestResponseInformation', 'byte'],
  26: ['responseInformation', 'string'],
  28: ['serverReference', 'string'],
  31: ['reasonString', 'string'],
  33: ['receiveMaximum', 'u16'],
  34: ['topicAliasMaximum', 'u16'],
  35: ['topicAlias', 'u16'],
  36: ['maximumQoS', 'byte'],
  37: ['retainAvailable', 'byte'],
  38: ['userProperties', 'pair'],
  39: ['maximumPacketSize', 'u32'],
  40: ['wildcardSubscriptionAvailable', 'byte'],
  41: ['subscriptionIdentifiersAvailable', 'byte'],
  42: ['sharedSubscriptionAvailable', 'byte'],
}
const VERSION = 'mqtt.version'
const utf8 = new TextDecoder('utf-8', { fatal: true })

class MqttError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

/** A cursor over one packet's bytes; every read checks the packet's end. */
class Reader {
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}
  need(n: number, what: string): void {
    if (this.pos + n > this.end) throw new MqttError(`${what} runs past the end of the packet`, this.pos)
  }
  byte(what = 'a byte'): number {
    this.need(1, what)
    return this.b[this.pos++]
  }
  u16(what = 'a two-byte integer'): number {
    this.need(2, what)
    const v = (this.b[this.pos] << 8) | this.b[this.pos + 1]
    this.pos += 2
    return v
  }
  u32(what = 'a four-byte integer'): number {
    this.need(4, what)
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.pos, 4).getUint32(0)
    this.pos += 4
    return v
  }
  varint(what = 'a variable byte integer'): number {
    let value = 0
    for (let i = 0; i < 4; i++) {
      const byte = this.byte(what)
      value += (byte & 0x7f) * 128 ** i
      if ((byte & 0x80) === 0) return value
    }
    throw new MqttError(`${what} is longer than 4 bytes`, this.pos - 4)
  }
  bytes(what: string): Uint8Array {
    const n = this.u16(`the length of ${what}`)
    this.need(n, what)
    const out = this.b.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
  string(what: string): string {
    const at = this.pos
    try {
      return utf8.decode(this.bytes(what))
    } catch (e) {
      if (e instanceof MqttError) throw e
      throw new MqttError(`${what} is not UTF-8`, at)
    }
  }
  get left(): number {
    return this.end - this.pos
  }
}

function payloadValue(b: Uint8Array): JsonValue {
  try {
    const t = utf8.decode(b)
    if (isPrintable(t)) return t
  } catch {
    // not text: shown as bytes
  }
  return binaryValue(b)
}

function readProperties(r: Reader): Record<string, JsonValue> | undefined {
  const length = r.varint('the properties length')
  r.need(length, 'the properties')
  const end = r.pos + length
  const props: Record<string, JsonValue> = {}
  const inner = new Reader(r.b, r.pos, end)
  while (inner.pos < end) {
    const at = inner.pos
    const id = inner.varint('a property identifier')
    const def = PROPERTIES[id]
    if (!def) throw new MqttError(`property identifier ${id} does not exist`, at)
    const [name, type] = def
    let v: JsonValue
    if (type === 'byte') v = inner.byte(name)
    else if (type === 'u16') v = inner.u16(name)
    else if (type === 'u32') v = inner.u32(name)
    else if (type === 'varint') v = inner.varint(name)
    else if (type === 'string') v = inner.string(name)
    else if (type === 'binary') v = binaryValue(inner.bytes(name))
    else {
      const key = inner.string('a user property name')
      const val = inner.string('a user property value')
      const up = (props.userProperties ?? {}) as Record<string, JsonValue>
      const prev = up[key]
      up[key] = prev === undefined ? val : Array.isArray(prev) ? [...prev, val] : [prev, val]
      v = up
    }
    // subscriptionIdentifier may repeat in PUBLISH: keep them all.
    if (name === 'subscriptionIdentifier' && props[name] !== undefined) props[name] = ([] as JsonValue[]).concat(props[name], v)
    else props[name] = v
  }
  r.pos = end
  return length ? props : undefined
}

function readPacket(
  b: Uint8Array,
  start: number,
  connectionVersion: number | undefined,
  ctx: Map<string, unknown>,
): { packet: Record<string, JsonValue>; end: number } {
  const first = b[start]
  const type = first >> 4
  const flags = first & 0x0f
  const cmd = CMDS[type]
  if (!cmd) throw new MqttError('packet type 0 is reserved', start)
  const head = new Reader(b, start + 1, b.length)
  const length = head.varint('the remaining length')
  const end = head.pos + length
  if (end > b.length) throw new MqttError(`the remaining length ${length} runs past the end of the message`, start + 1)
  const expected = cmd === 'pubrel' || cmd === 'subscribe' || cmd === 'unsubscribe' ? 2 : 0
  if (cmd !== 'publish' && flags !== expected) throw new MqttError(`${cmd.toUpperCase()} flags must be ${expected}, not ${flags}`, start)
  const r = new Reader(b, head.pos, end)
  const v5 = (connectionVersion ?? 4) === 5
  const packet: Record<string, JsonValue> = { cmd }
  const withProps = (p: Record<string, JsonValue>) => {
    const props = readProperties(r)
    if (props) p.properties = props
  }
  switch (cmd) {
    case 'connect': {
      packet.protocolId = r.string('the protocol name')
      const version = r.byte('the protocol level')
      packet.protocolVersion = version
      ctx.set(VERSION, version)
      const f = r.byte('the connect flags')
      packet.clean = (f & 2) !== 0
      packet.keepalive = r.u16('the keep alive')
      if (version === 5) withProps(packet)
      packet.clientId = r.string('the client identifier')
      if (f & 4) {
        const will: Record<string, JsonValue> = { qos: (f >> 3) & 3, retain: (f & 0x20) !== 0 }
        if (version === 5) withProps(will)
        will.topic = r.string('the will topic')
        will.payload = payloadValue(r.bytes('the will payload'))
        packet.will = will
      }
      if (f & 0x80) packet.username = r.string('the user name')
      if (f & 0x40) packet.password = payloadValue(r.bytes('the password'))
      break
    }
    case 'connack': {
      packet.sessionPresent = (r.byte('the acknowledge flags') & 1) !== 0
      const code = r.byte('the return code')
      if (v5) {
        packet.reasonCode = code
        if (r.left) withProps(packet)
      } else packet.returnCode = code
      break
    }
    case 'publish': {
      const qos = (flags >> 1) & 3
      if (qos === 3) throw new MqttError('PUBLISH QoS 3 does not exist', start)
      packet.qos = qos
      packet.dup = (flags & 8) !== 0
      packet.retain = (flags & 1) !== 0
      packet.topic = r.string('the topic name')
      if (qos > 0) packet.messageId = r.u16('the packet identifier')
      if (v5) withProps(packet)
      packet.payload = payloadValue(b.subarray(r.pos, end))
      r.pos = end
      break
    }
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
    case 'unsuback':
      packet.messageId = r.u16('the packet identifier')
      if (v5 && cmd === 'unsuback') {
        withProps(packet)
        packet.granted = Array.from(b.subarray(r.pos, end))
        r.pos = end
      } else if (v5 && r.left) {
        packet.reasonCode = r.byte('the reason code')
        if (r.left) withProps(packet)
      }
      break
    case 'subscribe': {
      packet.messageId = r.u16('the packet identifier')
      if (v5) withProps(packet)
      const subs: JsonValue[] = []
      while (r.left) {
        const topic = r.string('a topic filter')
        const o = r.byte('the subscription options')
        const sub: Record<string, JsonValue> = { topic, qos: o & 3 }
        if (v5) Object.assign(sub, { nl: (o & 4) !== 0, rap: (o & 8) !== 0, rh: (o >> 4) & 3 })
        subs.push(sub)
      }
      if (!subs.length) throw new MqttError('SUBSCRIBE needs at least one topic filter', r.pos)
      packet.subscriptions = subs
      break
    }
    case 'suback':
      packet.messageId = r.u16('the packet identifier')
      if (v5) withProps(packet)
      packet.granted = Array.from(b.subarray(r.pos, end))
      r.pos = end
      break
    case 'unsubscribe': {
      packet.messageId = r.u16('the packet identifier')
      if (v5) withProps(packet)
      const topics: JsonValue[] = []
      while (r.left) topics.push(r.string('a topic filter'))
      packet.unsubscriptions = topics
      break
    }
    case 'disconnect':
    case 'auth':
      if (r.left) {
        packet.reasonCode = r.byte('the reason code')
        if (r.left) withProps(packet)
      }
      break
    default:
      break
  }
  if (r.pos !== end) throw new MqttError(`${end - r.pos} bytes left over in ${cmd.toUpperCase()}`, r.pos)
  return { packet, end }
}

function readAll(b: Uint8Array, version: number | undefined, ctx: Map<string, unknown>): { packets: Record<string, JsonValue>[]; error: PayloadError | null } {
  const packets: Record<string, JsonValue>[] = []
  let pos = 0
  while (pos < b.length) {
    try {
      const { packet, end } = readPacket(b, pos, version ?? (ctx.get(VERSION) as number | undefined), ctx)
      packets.push(packet)
      pos = end
    } catch (e) {
      if (!(e instanceof MqttError)) throw e
      return { packets, error: { message: e.message, offset: e.offset } }
    }
  }
  return { packets, error: null }
}

function describe(p: Record<string, JsonValue>): LayerResult {
  const cmd = p.cmd as Cmd
  const id = p.messageId === undefined ? null : String(p.messageId)
  const name = cmd.toUpperCase()
  let summary: string
  switch (cmd) {
    case 'publish':
      summary = words(name, p.topic as string, `qos ${p.qos}`, id && `id ${id}`, p.retain === true && 'retain', brief(p.payload, 40))
      break
    case 'subscribe':
      summary = words(name, (p.subscriptions as { topic: string; qos: number }[]).map((s) => `${s.topic} qos ${s.qos}`).join(', '), `id ${id}`)
      break
    case 'unsubscribe':
      summary = words(name, (p.unsubscriptions as string[]).join(', '), `id ${id}`)
      break
    case 'connect':
      summary = words(
        name,
        JSON.stringify(p.clientId),
        `v${p.protocolVersion === 5 ? '5' : p.protocolVersion === 4 ? '3.1.1' : '3.1'}`,
        `keepalive ${p.keepalive}`,
      )
      break
    case 'connack':
      summary = words(name, `code ${p.reasonCode ?? p.returnCode}`, p.sessionPresent === true && 'session present')
      break
    case 'suback':
      summary = words(name, id, `granted ${(p.granted as number[]).join(',')}`)
      break
    default:
      summary = words(name, id, p.reasonCode !== undefined && `code ${p.reasonCode}`)
  }
  return { value: p, kind: KINDS[cmd], summary, correlation: id }
}

export const mqtt: PayloadDecoder = {
  id: 'mqtt',
  starts: (b, isText) => !isText && b >= 0,
  subprotocols: ['mqtt', 'mqttv3.1', 'mqttv3.1.1', 'mqttv5'],
  sniff: (input, ctx) => {
    if (input.isText || input.bytes.length < 2) return 0
    // A scratch map: sniffing must not record a protocol level.
    const r = input.memo('mqtt', () => readAll(input.bytes, undefined, new Map(ctx.connection)))
    return r.error === null && r.packets.length > 0 ? 0.85 : 0
  },
  decode: (input, ctx) => {
    let r = readAll(input.bytes, undefined, ctx.connection)
    // Without a CONNECT seen, the protocol level is a guess: 3.1.1 first, then 5.
    if (r.error && ctx.connection.get(VERSION) === undefined) {
      const v5 = readAll(input.bytes, 5, new Map())
      if (!v5.error) r = v5
    }
    if (r.packets.length === 0) return unreadable(input.asValue(), 'mqtt', [r.error ?? { message: 'an empty message holds no MQTT packet', offset: 0 }])
    const parts = r.packets.map(describe)
    return {
      value: r.packets.length === 1 ? r.packets[0] : r.packets,
      ...combine(parts, 'packets'),
      errors: r.error ? [r.error] : [],
    }
  },
}
