import { describeCloseCode, messagePreview } from '../../protocol/index.ts'
import type { PayloadResult } from '../../payload/index.ts'
import { PayloadDecoderSelect } from '../components/payload-decoder-select.tsx'
import { PayloadView } from '../components/payload-view.tsx'
import { formatCount } from '../components/format.ts'
import { VirtualList } from '../components/virtual-list.tsx'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { useDecoderSelectionStore } from './decoder-selection-store.ts'
import { ratioText } from './result-views.ts'
import { usePayloadResults } from './payload-results.ts'

const COLUMNS = '3.5em 5em 9em 4em 1fr 1.2fr'

/** The reassembled messages (text, JSON or hex), close codes explained, compression ratios. */
export function MessagesPanel() {
  const messages = useDecoderResultStore((s) => s.output?.capture?.messages)
  const selected = useDecoderSelectionStore((s) => s.message)
  const select = useDecoderSelectionStore((s) => s.selectMessage)
  const payloads = usePayloadResults(messages)
  if (!messages?.length) return null
  return (
    <section className="columns" aria-labelledby="decoder-messages">
      <div>
        <h2 id="decoder-messages">Messages</h2>
        <label className="payload-choice">
          Payload decoder <PayloadDecoderSelect value={payloads.decoder} onChange={payloads.setDecoder} />
        </label>
        <VirtualList
          count={messages.length}
          ariaLabel="Messages"
          columns={COLUMNS}
          header={
            <>
              <span>#</span>
              <span>Type</span>
              <span>Size</span>
              <span>Frames</span>
              <span>Content</span>
              <span>Decoded</span>
            </>
          }
          selected={selected}
          onSelect={select}
          renderRow={(i) => {
            const m = messages[i]
            return (
              <>
                <span>{m.index}</span>
                <span>{m.type}</span>
                <span>
                  {formatCount(m.data.length)} B{m.compressed ? <span className="muted"> deflated</span> : ''}
                </span>
                <span>{m.frameCount}</span>
                <span className="mono">{messagePreview(m)}</span>
                <span>{decodedText(payloads.result(i))}</span>
              </>
            )
          }}
        />
      </div>
      <SelectedMessage payload={selected === null ? undefined : payloads.result(selected)} />
    </section>
  )
}

function decodedText(p: PayloadResult | undefined): string {
  if (!p || p.decoder === null) return ''
  return `${p.decoder}: ${p.summary}`
}

function SelectedMessage({ payload }: { payload: PayloadResult | undefined }) {
  const index = useDecoderSelectionStore((s) => s.message)
  const current = useDecoderResultStore((s) => (index !== null ? s.output?.capture?.messages[index] : undefined))
  if (!current) return <p className="muted decoder-hint">Choose a message to see its content.</p>
  const close = current.closeCode !== null ? describeCloseCode(current.closeCode) : null
  return (
    <div className="decoder-message">
      <h3>
        Message {current.index}: {current.type}, {current.frameCount} frame{current.frameCount === 1 ? '' : 's'} from byte {current.offset}
      </h3>
      {current.compressed && <p>Compressed (permessage-deflate): {ratioText(current.wireLength, current.data.length)}</p>}
      {close && (
        <p>
          Close code <strong>{close.code}</strong> {close.name} ({close.rfc}): {close.meaning}
          {current.closeReason ? ` Reason: "${current.closeReason}".` : ''}
        </p>
      )}
      {payload && payload.decoder !== null && (
        <>
          <p>
            Decoded as <strong>{payload.layers.join(' › ')}</strong> ({payload.kind}): {payload.summary}
          </p>
          {payload.errors.map((e, i) => (
            <p key={i} className="error">
              at offset {e.offset}: {e.message}
            </p>
          ))}
          <PayloadView
            data={new TextEncoder().encode(JSON.stringify(payload.value, null, 2))}
            binary={false}
            ariaLabel={`Message ${current.index} decoded`}
            height={180}
          />
        </>
      )}
      <PayloadView data={current.data} binary={current.type === 'binary'} ariaLabel={`Message ${current.index}`} height={180} />
    </div>
  )
}
