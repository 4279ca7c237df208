/**
 * Writes `value` exactly as `JSON.stringify(value, null, indent)` would, but piece by piece:
 * a capture of millions of frames makes a JSON text longer than a JavaScript string can be
 * (RangeError: Invalid string length), and holding it whole would double the memory anyway.
 * Arrays and plain objects are walked; everything else (frames, messages) is stringified alone.
 * Waits for the stream to drain when it asks to, so memory stays bounded.
 */
export async function writeJson(stream: NodeJS.WritableStream, value: unknown, indent = 0): Promise<void> {
  const writer = new ChunkWriter(stream)
  await writeValue(writer, value, indent, '')
  await writer.flush()
}

/** Nested deeper than this, values are stringified whole (they are small by then). */
const WALK_DEPTH = 2

async function writeValue(w: ChunkWriter, value: unknown, indent: number, pad: string, depth = 0): Promise<void> {
  const walk = depth < WALK_DEPTH && value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  if (!walk) {
    const text = JSON.stringify(value, null, indent) ?? 'null'
    await w.write(indent && pad ? text.replaceAll('\n', `\n${pad}`) : text)
    return
  }
  const inner = indent ? pad + ' '.repeat(indent) : ''
  const open = indent ? `\n${inner}` : ''
  const separator = indent ? `,\n${inner}` : ','
  const close = indent ? `\n${pad}` : ''
  if (Array.isArray(value)) {
    if (value.length === 0) return w.write('[]')
    await w.write(`[${open}`)
    for (let i = 0; i < value.length; i++) {
      if (i > 0) await w.write(separator)
      const item = value[i]
      // As JSON.stringify: what has no JSON form becomes null in an array.
      await writeValue(w, item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, indent, inner, depth + 1)
    }
    return w.write(`${close}]`)
  }
  const entries = Object.entries(value as object).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol')
  if (entries.length === 0) return w.write('{}')
  await w.write(`{${open}`)
  for (const [i, [key, item]] of entries.entries()) {
    if (i > 0) await w.write(separator)
    await w.write(`${JSON.stringify(key)}:${indent ? ' ' : ''}`)
    await writeValue(w, item, indent, inner, depth + 1)
  }
  await w.write(`${close}}`)
}

/** Writes lines (a report of millions of frames) in chunks, waiting for the stream to drain. */
export async function writeLines(stream: NodeJS.WritableStream, lines: Iterable<string>): Promise<void> {
  const writer = new ChunkWriter(stream)
  for (const line of lines) await writer.write(`${line}\n`)
  await writer.flush()
}

/** Gathers small strings into writes of about 64 KiB. */
class ChunkWriter {
  private parts: string[] = []
  private size = 0

  constructor(private readonly stream: NodeJS.WritableStream) {}

  async write(text: string): Promise<void> {
    this.parts.push(text)
    this.size += text.length
    if (this.size >= 1 << 16) await this.flush()
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return
    const text = this.parts.join('')
    this.parts = []
    this.size = 0
    if (this.stream.write(text) === false) await new Promise<void>((resolve) => this.stream.once('drain', resolve))
  }
}
