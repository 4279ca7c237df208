import { byteHex, maskSteps } from '../../protocol/index.ts'
import './mask-table.css'
import { formatByteCount } from './format.ts'

interface MaskTableProps {
  /** The payload as on the wire (masked). */
  rawPayload: Uint8Array
  maskingKey: number
  /** How many bytes to show; the XOR is the same for the rest. */
  limit?: number
}

/** RFC 6455 §5.3 byte by byte: each wire byte XOR key byte (i mod 4) gives the payload byte. */
export function MaskTable({ rawPayload, maskingKey, limit = 64 }: MaskTableProps) {
  const steps = maskSteps(rawPayload, maskingKey, limit)
  return (
    <figure className="mask-table">
      <figcaption>
        Unmasking: byte <i>i</i> XOR key byte <i>i</i> mod 4
        {rawPayload.length > steps.length && (
          <span className="muted">
            {' '}
            (first {steps.length} of {formatByteCount(rawPayload.length)})
          </span>
        )}
      </figcaption>
      <div className="mask-cells" role="table" aria-label="Masking XOR, byte by byte">
        <div className="mask-cell mask-head" role="row">
          <span role="rowheader">i</span>
          <span role="rowheader">wire</span>
          <span role="rowheader">⊕ key</span>
          <span role="rowheader">= data</span>
          <span role="rowheader">char</span>
        </div>
        {steps.map((s) => {
          const byte = parseInt(s.unmasked, 16)
          return (
            <div className="mask-cell" role="row" key={s.index} aria-label={`byte ${s.index}: ${s.masked} XOR ${s.key} = ${s.unmasked}`}>
              <span role="cell" className="muted">
                {s.index}
              </span>
              <span role="cell">{s.masked}</span>
              <span role="cell" className="field-key">
                {s.key}
              </span>
              <span role="cell" className="mask-data">
                {s.unmasked}
              </span>
              <span role="cell" className="muted">
                {byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '·'}
              </span>
            </div>
          )
        })}
      </div>
      <p className="muted mask-key">key {[0, 1, 2, 3].map((i) => byteHex(maskingKey >>> (24 - 8 * i))).join(' ')}</p>
    </figure>
  )
}
