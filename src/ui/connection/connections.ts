/**
 * The live Connections by tab id. The tab list (connections-store.ts) opens one with each tab
 * and disposes it when the tab closes; nothing else creates them, and a disposed connection
 * is gone from here at once (reading it afterwards gives undefined, never a fresh one).
 */
import type { RegexPort } from '../store/regex-scan.ts'
import { Connection } from './connection.ts'
import { createRegexWorker } from './regex-port.ts'

export class ConnectionRegistry {
  private readonly byId = new Map<string, Connection>()

  constructor(private readonly createRegexPort: () => RegexPort) {}

  /** `subprotocol`: the one the connection negotiated, read when its payloads are first decoded. */
  open(id: string, subprotocol?: () => string | null): Connection {
    if (this.byId.has(id)) throw new Error(`connection ${id} is already open`)
    const connection = new Connection(id, this.createRegexPort, subprotocol)
    this.byId.set(id, connection)
    return connection
  }

  get(id: string): Connection | undefined {
    return this.byId.get(id)
  }

  dispose(id: string): void {
    const connection = this.byId.get(id)
    this.byId.delete(id)
    connection?.dispose()
  }

  get size(): number {
    return this.byId.size
  }

  ids(): string[] {
    return [...this.byId.keys()]
  }
}

export const connections = new ConnectionRegistry(createRegexWorker)
