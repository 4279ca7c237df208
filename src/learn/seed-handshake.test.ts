import { describe, expect, it } from 'vitest'
import { SEED_REQUEST_BLOCK, SEED_RESPONSE_BLOCK } from '../protocol/fixtures/seed.ts'
import { SEED_REQUEST, SEED_RESPONSE } from './seed-handshake.ts'

describe('the seed handshake the pages start with', () => {
  it("is the seed document's two code blocks, character for character", () => {
    expect(SEED_REQUEST).toBe(SEED_REQUEST_BLOCK)
    expect(SEED_RESPONSE).toBe(SEED_RESPONSE_BLOCK)
  })
})
