import { lengthBitsOf, useFrameBuilderStore } from './frame-builder-store.ts'

const FORMS = [
  { bits: 7, range: '0 – 125 bytes', how: 'in the 7-bit Payload len itself', header: '2' },
  { bits: 16, range: '126 – 65,535 bytes', how: 'Payload len = 126, then 16 bits', header: '4' },
  { bits: 64, range: '65,536 bytes and more', how: 'Payload len = 127, then 64 bits', header: '10' },
] as const

/** RFC 6455 §5.2's three ways to write the payload length; the built frame's own is marked. */
export function LengthForms() {
  const active = useFrameBuilderStore((s) => lengthBitsOf(s.bytes))
  return (
    <table className="length-forms">
      <caption>The length switch (RFC 6455 §5.2: the shortest form must be used)</caption>
      <thead>
        <tr>
          <th>Payload</th>
          <th>Length written</th>
          <th>Header (+4 masked)</th>
        </tr>
      </thead>
      <tbody>
        {FORMS.map((f) => (
          <tr key={f.bits} className={active === f.bits ? 'active' : undefined} aria-current={active === f.bits ? 'true' : undefined}>
            <td>{f.range}</td>
            <td>{f.how}</td>
            <td>{f.header} bytes</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
