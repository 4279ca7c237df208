/** Placeholder: the sessions page is being built. */
export default function SessionsPage() {
  return (
    <section className="page">
      <h1>Sessions</h1>
    </section>
  )
}
