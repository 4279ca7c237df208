import { createServer } from 'node:net'
import { FakeEchoServer, type Fault } from '../check/testing/fake-echo-server.ts'
import { localServer } from './test-support.ts'

/** Test support: a raw TCP server on 127.0.0.1 running a FakeEchoServer per connection; returns its port. */
export async function fakeEchoListener(...faults: Fault[]): Promise<number> {
  const echoes = { count: 0 }
  return localServer(createServer(), (socket) => {
    const server = new FakeEchoServer(new Set(faults), echoes)
    socket.on('data', (chunk) => {
      const out = server.receive(new Uint8Array(chunk))
      for (const bytes of out.bytes) socket.write(bytes)
      if (out.closeTcp) socket.end()
    })
  })
}
