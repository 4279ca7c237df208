import { readFile } from 'node:fs/promises'
import { UsageError } from './cli-error.ts'

/** Reads a FILE argument, or standard input for '-'. */
export async function readSource(source: string): Promise<Uint8Array> {
  if (source === '-') return readStdin()
  try {
    return new Uint8Array(await readFile(source))
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message
    throw new UsageError(`cannot read ${source}: ${why}`)
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return new Uint8Array(Buffer.concat(chunks))
}
