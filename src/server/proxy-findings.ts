/** Findings of the rewriting tap (`wsinspect proxy`): rules it could not apply, said rather than dropped. */
import { defineFindings } from '../protocol/index.ts'

export const proxyFinding = defineFindings({
  'proxy.message-over-limit': {
    severity: 'warning',
    closeCode: null,
    rfc: 'wsinspect proxy',
    text: 'message too large to hold for rules: forwarded unchanged',
  },
  'proxy.hold-overflow': { severity: 'warning', closeCode: null, rfc: 'wsinspect proxy', text: 'too much waited behind a held message: forwarded unchanged' },
})
