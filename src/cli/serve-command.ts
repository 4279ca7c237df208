import { UsageError } from './cli-error.ts'

/** Placeholder until the companion server lands: says so instead of failing silently. */
export async function runServe(_argv: string[], _out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  err.write('wsinspect serve: the companion server is not built yet\n')
  throw new UsageError('serve is not available yet')
}
