import { SEED_REQUEST, SEED_RESPONSE } from '../../learn/index.ts'

/**
 * The opening handshake from the project's original brief, as Chrome's devtools copied it in
 * 2017 and as the brief shows it: the General block and request headers, then the response
 * headers, each in a markdown fence (the Cookie was shortened by hand). The handshake lab
 * starts with it, and the learn page measures a polling client's request headers on it: it is a
 * real handshake from a real browser. The core's tests use the same text.
 */
export const SEED_HANDSHAKE = ['```json', SEED_REQUEST, '```', '', '```json', SEED_RESPONSE, '```'].join('\n')
