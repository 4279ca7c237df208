/** Placeholder shell until the inspector lands. */
export function App() {
  return (
    <main>
      <h1>wsinspect</h1>
      <p>WebSocket inspection. The inspector is on its way; the protocol core and the CLI work today.</p>
    </main>
  )
}
