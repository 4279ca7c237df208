/** Findings of the tap itself (not of the traffic it relays), in the core's catalog form. */
import { defineFindings } from '../protocol/index.ts'

export const tapFinding = defineFindings({
  'tap.internal-error': { severity: 'error', closeCode: 1011, rfc: 'RFC 6455 §7.4.1', text: 'the tap could not handle a stream and dropped the connection' },
})
