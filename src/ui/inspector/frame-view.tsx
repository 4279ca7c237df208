import { useMemo } from 'react'
import { annotateFrame, maskingKeyBytes, maskSteps, toHex } from '../../protocol/index.ts'
import { BitLayout } from '../components/bit-layout.tsx'
import { HexDump } from '../components/hex-dump.tsx'
import { frameHighlights } from '../components/frame-highlights.ts'
import './inspector.css'

interface FrameViewProps {
  /** The frame's bytes: header and (the stored part of) the payload. */
  bytes: Uint8Array
  caption: string
  /** permessage-deflate was negotiated (RSV1 then means "compressed"). */
  deflate: boolean
  /** Where the frame starts in its sender's stream. */
  baseOffset?: number
}

/** One frame: the RFC 6455 §5.2 diagram of its fields, the unmasking XOR, and its bytes. */
export function FrameView({ bytes, caption, deflate, baseOffset = 0 }: FrameViewProps) {
  const annotation = useMemo(() => annotateFrame(bytes, { deflate, baseOffset }), [bytes, deflate, baseOffset])
  if (!annotation) return <p className="error">Frame header incomplete: {bytes.length} bytes.</p>
  const { header, rawPayload } = annotation
  return (
    <section className="frame-view">
      <BitLayout fields={annotation.fields} caption={caption} />
      {header.maskingKey !== null && <MaskTable raw={rawPayload} maskingKey={header.maskingKey} />}
      {header.rsv1 && deflate && <p className="muted">RSV1 is set: these payload bytes are the compressed message; the Payload tab shows it inflated.</p>}
      <h4>Bytes</h4>
      <HexDump bytes={bytes} baseOffset={baseOffset} highlights={frameHighlights(annotation.fields, baseOffset)} maxRows={6} ariaLabel="Frame bytes" />
    </section>
  )
}

const SHOWN = 12

/** RFC 6455 §5.3: payload byte i XOR masking-key byte (i mod 4), step by step. */
function MaskTable({ raw, maskingKey }: { raw: Uint8Array; maskingKey: number }) {
  const steps = maskSteps(raw, maskingKey, SHOWN)
  return (
    <div className="mask-table">
      <h4>Unmasking</h4>
      <p className="muted">
        Masking key <code>{toHex(maskingKeyBytes(maskingKey), ' ')}</code>: payload byte <var>i</var> is XORed with key byte <var>i</var> mod 4 (RFC 6455 §5.3).
      </p>
      {steps.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">i</th>
              <th scope="col">on the wire</th>
              <th scope="col">⊕ key</th>
              <th scope="col">= payload</th>
              <th scope="col">char</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => {
              const code = parseInt(s.unmasked, 16)
              return (
                <tr key={s.index}>
                  <td>{s.index}</td>
                  <td className="mono">{s.masked}</td>
                  <td className="mono">{s.key}</td>
                  <td className="mono">{s.unmasked}</td>
                  <td className="mono">{code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : '·'}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {raw.length > SHOWN && <p className="muted">… and {raw.length - SHOWN} more bytes the same way.</p>}
    </div>
  )
}
