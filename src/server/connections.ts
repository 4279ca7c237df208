/** A live connection as the server sees it, whatever endpoint accepted it. */
export interface TrackedConnection {
  /** Starts a clean shutdown: Close 1001 (Going Away) to the peer(s). */
  goingAway(): void
  /** Ends it now (when the peer does not answer the Close). */
  destroy(): void
}

/**
 * Every WebSocket the server holds, so that the connection limit counts them all and a
 * shutdown can close each with 1001.
 */
export class ConnectionTracker {
  private readonly live = new Set<TrackedConnection>()
  private readonly emptied: (() => void)[] = []

  get size(): number {
    return this.live.size
  }

  /** Registers a connection; call the returned function once it has closed. */
  add(connection: TrackedConnection): () => void {
    this.live.add(connection)
    return () => {
      this.live.delete(connection)
      if (this.live.size === 0) for (const resolve of this.emptied.splice(0)) resolve()
    }
  }

  /** Sends every connection away with 1001, and destroys those still open after `graceMs`. */
  async closeAll(graceMs: number): Promise<void> {
    if (this.live.size === 0) return
    const empty = new Promise<void>((resolve) => this.emptied.push(resolve))
    for (const connection of this.live) connection.goingAway()
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))
    await Promise.race([empty, late])
    clearTimeout(timer)
    for (const connection of [...this.live]) connection.destroy()
  }
}
