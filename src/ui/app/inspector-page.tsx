/** Placeholder: the inspector page is being built. */
export default function InspectorPage() {
  return (
    <section className="page">
      <h1>Inspector</h1>
    </section>
  )
}
