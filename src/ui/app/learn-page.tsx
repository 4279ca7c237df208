import { annotateFrame, fromHex } from '../../protocol/index.ts'
import { BitLayout, FIELD_CLASS } from '../components/bit-layout.tsx'
import { HexDump } from '../components/hex-dump.tsx'
import { PayloadView } from '../components/payload-view.tsx'

// RFC 6455 §5.7: a single-frame masked text message, "Hello".
const EXAMPLE = fromHex('818537fa213d7f9f4d5158')!

/** Placeholder: the learn page is being built; meanwhile it shows one frame's anatomy. */
export default function LearnPage() {
  const annotation = annotateFrame(EXAMPLE)!
  const highlights = annotation.fields
    .filter((f) => f.bitLength >= 8 || f.id === 'websocket.payload')
    .map((f) => ({ start: f.byteOffset, end: f.byteOffset + Math.max(1, f.bitLength / 8), className: FIELD_CLASS[f.id], label: f.label }))
  return (
    <section className="page">
      <h1>Learn</h1>
      <BitLayout fields={annotation.fields} caption="RFC 6455 §5.7: a masked “Hello” from a client" />
      <h2>Bytes</h2>
      <HexDump bytes={EXAMPLE} highlights={highlights} />
      <h2>Payload (unmasked)</h2>
      <PayloadView data={annotation.unmaskedPayload} binary={false} height={80} />
    </section>
  )
}
