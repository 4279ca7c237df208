/** Placeholder: the handshake page is being built. */
export default function HandshakePage() {
  return (
    <section className="page">
      <h1>Handshake</h1>
    </section>
  )
}
