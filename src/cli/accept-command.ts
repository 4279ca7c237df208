// From its own file, not the protocol's index: the bundle's chunks follow imports file by file,
// and through the index `accept` would load the whole frame decoder.
import { computeAccept, isValidKey } from '../protocol/accept.ts'
import { UsageError } from './cli-error.ts'

export const ACCEPT_USAGE = 'Usage: wsinspect accept KEY'

/** `wsinspect accept KEY`: the Sec-WebSocket-Accept for a key, nothing else. */
export async function runAccept(argv: string[], out: NodeJS.WriteStream): Promise<number> {
  if (argv.length !== 1) throw new UsageError('give exactly one Sec-WebSocket-Key')
  const key = argv[0]
  if (!isValidKey(key)) throw new UsageError(`"${key}" is not a valid Sec-WebSocket-Key (base64 of 16 bytes, RFC 6455 §4.1)`)
  out.write(computeAccept(key) + '\n')
  return 0
}
