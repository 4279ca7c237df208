import { describe, expect, it } from 'vitest'
import { ok } from '../../protocol/index.ts'
import { BatchBuilder } from '../store/message-batch.ts'
import { ConnectionEngine } from './connection-engine.ts'
import { connections } from './connections.ts'
import { tabsPort, useConnectionsStore } from './connections-store.ts'
import type { SocketEvents, SocketLike, TapDeps } from './engine-ports.ts'
import { flush, queuedCount } from './ingest.ts'

/** Everything the engine was given and has not given back: open sockets, timers, capture subscriptions. */
const held = { sockets: new Set<SocketLike>(), timers: new Map<number, () => void>(), captures: new Set<string>() }
let events: SocketEvents[] = []
/** What each closed tab held its bytes in: its message store, payload slabs and payload decoding. */
let released: WeakRef<object>[] = []

const tap: TapDeps = {
  subscribe: async (captureId) => (held.captures.add(captureId), { ok: true, message: '' }),
  unsubscribe: (captureId) => held.captures.delete(captureId),
  command: async () => ({ ok: true, message: '' }),
  frames: async () => ({ ok: false, error: 'no frames here' }),
  session: async () => ok('/tap'),
  origin: () => 'http://127.0.0.1:1',
  token: async () => 'token',
  subscribeAll: async () => ({ ok: true, message: '' }),
  listen: () => {},
}

let nextTimer = 0
const engine = new ConnectionEngine({
  connection: (id) => connections.get(id),
  tabs: tabsPort,
  tap,
  createSocket: (_url, _protocols, socketEvents) => {
    const socket: SocketLike = { send: () => {}, close: () => {}, deliverMessages: () => {}, dispose: () => held.sockets.delete(socket) }
    held.sockets.add(socket)
    events.push(socketEvents)
    return socket
  },
  now: () => 0,
  setTimer: (callback) => (held.timers.set(++nextTimer, callback), nextTimer),
  clearTimer: (timer) => held.timers.delete(timer),
  random: () => 0.5,
  pageProtocol: () => 'http:',
})

/** Opens a tab, fills its log both ways, filters, selects and pauses, leaves a reconnect pending, and closes the tab. */
function lifetime(k: number): void {
  const tabs = useConnectionsStore.getState()
  const id = tabs.add()
  tabs.configure(id, { url: 'ws://127.0.0.1:1/echo', autoReconnect: true })
  events = []
  engine.connect(id)
  events[0].open({ url: '', protocol: '', extensions: '' })
  for (let i = 0; i < 20; i++) engine.send(id, `hello ${k} ${i}`)
  const batch = new BatchBuilder()
  for (let i = 0; i < 20; i++) batch.add(i, `world ${k} ${i}`)
  events[0].messages(batch.take())
  flush()
  const connection = connections.get(id)!
  expect(connection.messages.length).toBe(40)
  // The details panel's full decoding holds results; the log's went to the payload decoder (in-process here).
  expect(connection.payloadLog().result(39).summary).toBe(`world ${k} 19`)
  released.push(
    new WeakRef(connection.messages),
    new WeakRef(connection.payloadLog()),
    new WeakRef(connection.decoded),
    ...connection.messages.slabs.slabs.map((s) => new WeakRef(s.buffer)),
  )
  connection.setFilter({ text: 'world' })
  connection.select(3)
  connection.pause()
  // A message waits in the queue; the server goes away and a reconnect is scheduled.
  engine.send(id, 'queued')
  events[0].close({ code: 1006, reason: '', wasClean: false })
  expect(held.timers.size).toBe(1)
  engine.remove(id)
  expect(connection.isDisposed).toBe(true)
  // The test's own handle on the socket's callbacks (they close over the connection) goes too.
  events = []
}

/**
 * After a full collection, once the callbacks disposed connections had scheduled have run (a
 * scan's next slice, a frame callback: next-frame.ts falls back to a 200 ms timer in Node).
 */
const heapBytes = async () => {
  await new Promise((resolve) => setTimeout(resolve, 300))
  globalThis.gc!()
  globalThis.gc!()
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

describe('a Connection owns everything of its tab', () => {
  it('a closed tab leaves nothing behind: no connection, queue, socket, timer or capture', () => {
    lifetime(0)
    expect(connections.size).toBe(useConnectionsStore.getState().ids.length)
    expect(queuedCount()).toBe(0)
    expect(held.sockets.size).toBe(0)
    expect(held.timers.size).toBe(0)
    expect(held.captures.size).toBe(0)
  })

  it('reading a closed tab gives nothing, and never brings it back', () => {
    const id = useConnectionsStore.getState().add()
    engine.remove(id)
    expect(connections.get(id)).toBeUndefined()
    expect(engine.send(id, 'x')).toMatch(/Not connected/)
    engine.connect(id)
    expect(connections.get(id)).toBeUndefined()
    expect(useConnectionsStore.getState().byId[id]).toBeUndefined()
  })

  it('create, fill, filter, select and dispose 1,000 connections: the heap returns to where it started', async () => {
    expect(globalThis.gc, 'vitest runs with --expose-gc (vite.config.ts)').toBeTypeOf('function')
    const before = { tabs: useConnectionsStore.getState().ids.length, connections: connections.size }
    // Warm up: compiled code and first-use caches are not a leak.
    for (let k = 0; k < 50; k++) lifetime(k)
    const start = await heapBytes()
    released = []
    for (let k = 0; k < 1000; k++) lifetime(k)
    const grown = (await heapBytes()) - start
    // The bytes themselves are gone, not only the registry entries: no message store, payload
    // slab (ArrayBuffer) or payload decoding of a closed tab is still reachable.
    expect(released.length).toBeGreaterThanOrEqual(3000)
    expect(released.filter((r) => r.deref() !== undefined).length).toBe(0)
    expect({ tabs: useConnectionsStore.getState().ids.length, connections: connections.size }).toEqual(before)
    expect([queuedCount(), held.sockets.size, held.timers.size, held.captures.size]).toEqual([0, 0, 0, 0])
    // One connection holds at least a 256 KiB slab: 1,000 kept would be 250 MB. Noise is a few MB.
    expect(grown).toBeLessThan(8 * 1024 * 1024)
  })
})
