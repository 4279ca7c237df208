/** Content of the Learn pages: explanations and measurements built on the protocol core, not protocol itself. */
export { whenToUseCloseCode } from './close-code-advice.ts'
export { deflateMemory, explainNegotiation } from './negotiation-explain.ts'
export type { NegotiationNote } from './negotiation-explain.ts'
export { frameOverhead, measureContextTakeover, pollingRequestSize } from './overhead.ts'
export type { CompressionGain, PollingRequestSize } from './overhead.ts'
export { SEED_REQUEST, SEED_RESPONSE } from './seed-handshake.ts'
