/**
 * Keeps the URL hash and the decoder's input in step: a link opened (or pasted into the
 * address bar) loads its paste, and every finished decode writes its state back with
 * replaceQuery, so the address bar is always a link to what is on screen.
 */
import { useRouteStore } from '../app/route-store.ts'
import { decodeDecoderQuery } from './decoder-link.ts'
import { useDecoderInputStore } from './decoder-input-store.ts'
import { useDecoderResultStore } from './decoder-result-store.ts'

export function startDecoderUrlSync(): () => void {
  let written: string | null = null
  const load = (query: string) => {
    // An empty query is the nav link: keep what the page had.
    if (query === '' || query === written) return
    const { state, problem } = decodeDecoderQuery(query)
    useDecoderInputStore.getState().load(state, problem)
  }
  load(useRouteStore.getState().query)
  const offRoute = useRouteStore.subscribe((s, prev) => {
    if (s.page === 'decoder' && s.query !== prev.query) load(s.query)
  })
  const offResult = useDecoderResultStore.subscribe((s, prev) => {
    const route = useRouteStore.getState()
    if (!s.output || s.output === prev.output || route.page !== 'decoder') return
    written = s.output.link.query
    if (route.query !== written) route.replaceQuery(written)
  })
  return () => {
    offRoute()
    offResult()
  }
}
