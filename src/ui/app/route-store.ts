import { create } from 'zustand'

/** The app's pages; the URL hash names one (`#/decoder?…`), so links and reloads land on it. */
export const PAGES = ['inspector', 'decoder', 'handshake', 'learn', 'sessions', 'check'] as const
export type Page = (typeof PAGES)[number]

export interface Route {
  page: Page
  /** The part after `?` in the hash: page state that belongs in a shareable link. */
  query: string
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '')
  const q = body.indexOf('?')
  const name = q < 0 ? body : body.slice(0, q)
  const page = (PAGES as readonly string[]).includes(name) ? (name as Page) : 'inspector'
  return { page, query: q < 0 ? '' : body.slice(q + 1) }
}

export function formatHash(route: Route): string {
  return `#/${route.page === 'inspector' ? '' : route.page}${route.query ? `?${route.query}` : ''}`
}

interface RouteState extends Route {
  navigate: (page: Page, query?: string) => void
  /** Replaces the query of the current page without a history entry (live state in the URL). */
  replaceQuery: (query: string) => void
}

export const useRouteStore = create<RouteState>()((set, get) => ({
  ...parseHash(location.hash),
  navigate: (page, query = '') => {
    location.hash = formatHash({ page, query })
  },
  replaceQuery: (query) => {
    const hash = formatHash({ page: get().page, query })
    history.replaceState(null, '', hash)
    set({ query })
  },
}))

addEventListener('hashchange', () => useRouteStore.setState(parseHash(location.hash)))
