import { describeCloseCode } from '../../protocol/index.ts'
import { PayloadView } from '../components/payload-view.tsx'
import { formatCount } from '../components/format.ts'
import { VirtualList } from '../components/virtual-list.tsx'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { useDecoderSelectionStore } from './decoder-selection-store.ts'
import { messagePreview, ratioText } from './result-views.ts'

const COLUMNS = '3.5em 5em 9em 4em 1fr'

/** The reassembled messages (text, JSON or hex), close codes explained, compression ratios. */
export function MessagesPanel() {
  const messages = useDecoderResultStore((s) => s.output?.capture?.messages)
  const selected = useDecoderSelectionStore((s) => s.message)
  const select = useDecoderSelectionStore((s) => s.selectMessage)
  if (!messages?.length) return null
  return (
    <section className="columns" aria-labelledby="decoder-messages">
      <div>
        <h2 id="decoder-messages">Messages</h2>
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
              </>
            )
          }}
        />
      </div>
      <SelectedMessage />
    </section>
  )
}

function SelectedMessage() {
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
      <PayloadView data={current.data} binary={current.type === 'binary'} ariaLabel={`Message ${current.index}`} height={180} />
    </div>
  )
}
