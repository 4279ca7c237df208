import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { writeJson, writeLines } from './chunked-output.ts'

/** A stream that records each write, and asks for a drain now and then. */
function recorder() {
  const writes: string[] = []
  const listeners: (() => void)[] = []
  const stream = {
    write(text: string) {
      writes.push(text)
      if (writes.length % 3 === 0) {
        setImmediate(() => listeners.splice(0).forEach((l) => l()))
        return false
      }
      return true
    },
    once(_event: 'drain', listener: () => void) {
      listeners.push(listener)
    },
  } as unknown as NodeJS.WritableStream
  return { stream, writes }
}

describe('writeJson', () => {
  it('writes exactly what JSON.stringify makes, indented or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.constantFrom(0, 2), async (value, indent) => {
        const { stream, writes } = recorder()
        await writeJson(stream, value, indent)
        expect(writes.join('')).toBe(JSON.stringify(value, null, indent))
      }),
    )
  })

  it('leaves out undefined members and writes null for undefined items, as JSON.stringify does', async () => {
    const value = { a: undefined, b: [undefined, 1], c: { toJSON: () => 'x' }, d: [] as number[], e: {} }
    const { stream, writes } = recorder()
    await writeJson(stream, value, 2)
    expect(writes.join('')).toBe(JSON.stringify(value, null, 2))
  })

  it('writes a long array in pieces of bounded size instead of one string', async () => {
    const frames = Array.from({ length: 20_000 }, (_, i) => ({ offset: i * 2, headerLength: 2, maskingKey: null }))
    const { stream, writes } = recorder()
    await writeJson(stream, { frames, error: null }, 2)
    expect(writes.length).toBeGreaterThan(10)
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThan(70_000)
    expect(JSON.parse(writes.join(''))).toEqual({ frames, error: null })
  })
})

describe('writeLines', () => {
  it('ends every line with a newline', async () => {
    const { stream, writes } = recorder()
    await writeLines(stream, ['a', '', 'b'])
    expect(writes.join('')).toBe('a\n\nb\n')
  })
})
