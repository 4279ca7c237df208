import { useRouteStore, type Page } from './route-store.ts'
import { useThemeStore } from './theme-store.ts'

const LINKS: { page: Page; label: string }[] = [
  { page: 'inspector', label: 'Inspector' },
  { page: 'decoder', label: 'Decoder' },
  { page: 'handshake', label: 'Handshake' },
  { page: 'learn', label: 'Learn' },
  { page: 'sessions', label: 'Sessions' },
  { page: 'check', label: 'Check a server' },
]

export function Nav() {
  const page = useRouteStore((s) => s.page)
  const theme = useThemeStore((s) => s.theme)
  const toggle = useThemeStore((s) => s.toggle)
  return (
    <header className="app-header">
      <a className="brand" href="#/">
        <img src="/favicon.svg" alt="" width={20} height={20} />
        wsinspect
      </a>
      <nav aria-label="Pages">
        {LINKS.map((l) => (
          <a key={l.page} href={l.page === 'inspector' ? '#/' : `#/${l.page}`} aria-current={page === l.page ? 'page' : undefined}>
            {l.label}
          </a>
        ))}
      </nav>
      <button type="button" className="theme-toggle" onClick={toggle} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  )
}
