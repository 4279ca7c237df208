import { createServer, connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { coalescedWrites } from './coalesced-writes.ts'
import { onCleanup, runCleanups, until } from './test-support.ts'

afterEach(runCleanups)

/** A loopback connection: the writer's socket and what the reader receives, chunk by chunk. */
async function loopback(): Promise<{ writer: Socket; chunks: Buffer[]; ended: Promise<void> }> {
  const chunks: Buffer[] = []
  let ended!: () => void
  const done = new Promise<void>((resolve) => (ended = resolve))
  const server = createServer((socket) => {
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', ended)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onCleanup(() => server.close())
  const writer = connect((server.address() as { port: number }).port, '127.0.0.1')
  writer.setNoDelay(true)
  await new Promise((resolve) => writer.once('connect', resolve))
  onCleanup(() => writer.destroy())
  return { writer, chunks, ended: done }
}

describe('coalescedWrites', () => {
  it('writes pieces given within the hold together, in order, byte for byte', async () => {
    const link = await loopback()
    const write = coalescedWrites(link.writer, 20)
    const pieces = Array.from({ length: 200 }, (_, i) => Buffer.from(`piece ${i};`))
    for (const piece of pieces) write(piece)
    await until(() => Buffer.concat(link.chunks).length === Buffer.concat(pieces).length)
    expect(Buffer.concat(link.chunks).toString()).toBe(Buffer.concat(pieces).toString())
    // One write of all 200 (the reader may still see it in a few reads, never one a piece).
    expect(link.chunks.length).toBeLessThan(10)
    link.writer.end()
  })

  it('writes what it holds without waiting for more, and again after a quiet spell', async () => {
    const link = await loopback()
    const write = coalescedWrites(link.writer, 1)
    write(Buffer.from('first'))
    await until(() => link.chunks.length === 1)
    expect(Buffer.concat(link.chunks).toString()).toBe('first')
    write(Buffer.from('second'))
    await until(() => link.chunks.length === 2)
    expect(Buffer.concat(link.chunks).toString()).toBe('firstsecond')
    link.writer.end()
  })

  it('ending the socket writes what is held first', async () => {
    const link = await loopback()
    const write = coalescedWrites(link.writer, 1000)
    write(Buffer.from('held '))
    write(Buffer.from('then ended'))
    link.writer.end()
    await link.ended
    expect(Buffer.concat(link.chunks).toString()).toBe('held then ended')
  })
})
