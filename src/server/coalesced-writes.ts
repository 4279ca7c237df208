import type { Writable } from 'node:stream'

/**
 * How long relayed bytes may wait to be written together. A server that streams small messages
 * hands them over one at a time (a compressed one as each compression ends: 5,000 a second gave
 * the tap about 2,000 reads a second, each relayed by a write of its own), and every write wakes
 * the reader; within a millisecond they go in one write, a delay no WebSocket peer can tell from
 * the network's.
 */
export const COALESCE_MS = 1

/**
 * A writer to `out` that holds what it is given for at most `holdMs` and writes it all at once
 * (corked, so Node writes the pieces with one system call), in order. Ending `out` writes what is
 * held first (Node uncorks on end()); destroying it drops it, as it drops anything unsent.
 */
export function coalescedWrites(out: Writable, holdMs = COALESCE_MS): (bytes: Uint8Array) => void {
  let held = false
  const release = () => {
    held = false
    // Ended or destroyed meanwhile: end() already wrote what was held.
    if (out.writableCorked) out.uncork()
  }
  return (bytes) => {
    if (!held) {
      held = true
      out.cork()
      setTimeout(release, holdMs)
    }
    out.write(bytes)
  }
}
