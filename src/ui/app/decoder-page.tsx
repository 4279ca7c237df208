/** Placeholder: the decoder page is being built. */
export default function DecoderPage() {
  return (
    <section className="page">
      <h1>Decoder</h1>
    </section>
  )
}
