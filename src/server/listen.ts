import type { Server } from 'node:net'

/** Listens and resolves with the bound port (the real one when `port` is 0); rejects with the listen error (EADDRINUSE…). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}
