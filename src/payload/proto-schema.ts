import protobuf from 'protobufjs'
import { err, ok, type Result } from '../protocol/index.ts'

/** A message type from a user's .proto file, for the `protobuf` decoder's named fields. */
export interface ProtoSchema {
  typeName: string
  decode(bytes: Uint8Array): unknown
}

/**
 * Reads .proto text with protobufjs' parser (no protoc) and finds the message type. Bad files
 * and unknown types come back as one specific line, never as an exception.
 */
export function loadProtoSchema(source: string, typeName: string | null): Result<ProtoSchema> {
  let root: protobuf.Root
  try {
    root = protobuf.parse(source, { keepCase: true }).root
    root.resolveAll()
  } catch (e) {
    return err(`the .proto file does not parse: ${e instanceof Error ? e.message : String(e)}`)
  }
  const types = messageTypes(root)
  if (types.length === 0) return err('the .proto file defines no message type')
  let type: protobuf.Type | undefined
  if (typeName) {
    type = types.find((t) => fullName(t) === typeName.replace(/^\./, '')) ?? types.find((t) => t.name === typeName)
    if (!type) return err(`no message type "${typeName}" in the .proto file (it has ${types.map(fullName).slice(0, 8).join(', ')})`)
  } else if (types.length === 1) type = types[0]
  else return err(`the .proto file has several message types; choose one (${types.map(fullName).slice(0, 8).join(', ')})`)
  const chosen = type
  return ok({
    typeName: fullName(chosen),
    decode: (bytes) => chosen.toObject(chosen.decode(bytes), { enums: String, defaults: false, arrays: true }),
  })
}

function fullName(t: protobuf.ReflectionObject): string {
  return t.fullName.replace(/^\./, '')
}

function messageTypes(ns: protobuf.NamespaceBase): protobuf.Type[] {
  const out: protobuf.Type[] = []
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type) out.push(child)
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) out.push(...messageTypes(child))
  }
  return out
}
