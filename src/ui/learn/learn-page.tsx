import { FrameBuilder } from './frame-builder.tsx'
import { ApiDemo } from './api-demo.tsx'
import { CompressionGainPanel, FramingOverhead } from './case-for-websocket.tsx'
import { CloseCodeReference } from './close-code-reference.tsx'
import './learn.css'

const SECTIONS = [
  { id: 'learn-builder', title: 'Frame builder' },
  { id: 'learn-api', title: 'The HTML5 WebSocket API, live' },
  { id: 'learn-case', title: 'The case for WebSocket, in numbers' },
  { id: 'learn-close-codes', title: 'Close codes' },
]

/** The protocol taught hands-on: frames, the browser API, its costs, its close codes. */
export function LearnPage() {
  return (
    <section className="page learn-page">
      <h1>Learn</h1>
      <nav className="learn-toc" aria-label="On this page">
        {SECTIONS.map((s) => (
          <a key={s.id} href={`#${s.id}`} onClick={(e) => jumpTo(e, s.id)}>
            {s.title}
          </a>
        ))}
      </nav>
      <section aria-labelledby="learn-builder">
        <h2 id="learn-builder">Frame builder</h2>
        <p className="muted page-intro">
          Set the header bits and type a payload, or edit the bytes: each side updates the other. Hover a field of the layout to see what it means.
        </p>
        <FrameBuilder />
      </section>
      <section aria-labelledby="learn-api">
        <h2 id="learn-api">The HTML5 WebSocket API, live</h2>
        <ApiDemo />
      </section>
      <section aria-labelledby="learn-case">
        <h2 id="learn-case">The case for WebSocket, in numbers</h2>
        <h3>Framing overhead against HTTP polling</h3>
        <FramingOverhead />
        <h3>Compression with context takeover</h3>
        <CompressionGainPanel />
      </section>
      <section aria-labelledby="learn-close-codes">
        <h2 id="learn-close-codes">Close codes</h2>
        <CloseCodeReference />
      </section>
    </section>
  )
}

/** The hash holds the route, so in-page links scroll instead of navigating. */
function jumpTo(e: React.MouseEvent, id: string): void {
  e.preventDefault()
  document.getElementById(id)?.scrollIntoView({ behavior: 'smooth' })
}
