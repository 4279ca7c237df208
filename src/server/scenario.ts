import type { ScenarioInfo } from '../shared/capture-api.ts'

/**
 * The crafted-frame scenarios of `/scenario/NAME`: after its 101 the server sends exactly
 * these bytes, built with the core's encoder, so a client (or the app through the tap) can be
 * watched handling each case. What a client should decode is stated here, not derived from
 * the bytes, so the tests can hold the bytes to it.
 */
export interface Scenario {
  name: string
  description: string
  /** The Sec-WebSocket-Extensions the server answers with (the client must have offered permessage-deflate), or null. */
  extensions: string | null
  violation: ScenarioInfo['violation']
  messages: ScenarioInfo['messages']
  /** The exact bytes after the 101, one element per frame. */
  frames(): Uint8Array[]
  /** Frames sent back for a data message from the client (a protocol's acknowledgement). */
  answer?(message: { type: 'text' | 'binary'; data: Uint8Array }): Uint8Array[]
}
