import { lazy, Suspense, useEffect, type ComponentType } from 'react'
import { useRouteStore, type Page } from './route-store.ts'
import { useThemeStore } from './theme-store.ts'
import { Nav } from './nav.tsx'

// Each page is its own chunk: the decoder or the learn page never loads the inspector's code.
const PAGE_COMPONENTS: Record<Page, ComponentType> = {
  inspector: lazy(() => import('./inspector-page.tsx')),
  decoder: lazy(() => import('./decoder-page.tsx')),
  handshake: lazy(() => import('./handshake-page.tsx')),
  learn: lazy(() => import('./learn-page.tsx')),
  sessions: lazy(() => import('./sessions-page.tsx')),
  check: lazy(() => import('./check-page.tsx')),
}

export function App() {
  const page = useRouteStore((s) => s.page)
  const theme = useThemeStore((s) => s.theme)
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  const Current = PAGE_COMPONENTS[page]
  return (
    <div className="app">
      <Nav />
      <main className="app-main">
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Current />
        </Suspense>
      </main>
    </div>
  )
}
