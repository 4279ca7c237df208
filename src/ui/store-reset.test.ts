import { describe, expect, it } from 'vitest'
import { useAcceptStore } from './handshake-lab/accept-store.ts'
import { useHandshakeStore } from './handshake-lab/handshake-store.ts'

// vitest.setup.ts puts every zustand store back to its initial state after each test; these
// two tests run in order, the second after the first has changed the stores.
describe('zustand stores between tests', () => {
  const handshake = useHandshakeStore.getInitialState()
  const accept = useAcceptStore.getInitialState()

  it('a test changes stores', () => {
    useHandshakeStore.getState().setText('GET /left-behind HTTP/1.1\n')
    useAcceptStore.getState().randomKey()
    expect(useHandshakeStore.getState()).not.toEqual(handshake)
    expect(useAcceptStore.getState()).not.toEqual(accept)
  })

  it('the next test sees them as they started', () => {
    expect(useHandshakeStore.getState()).toBe(handshake)
    expect(useAcceptStore.getState()).toBe(accept)
  })
})
