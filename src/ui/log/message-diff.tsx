import { useEffect, useRef, useState } from 'react'
import { DiffView } from '../components/diff-view.tsx'
import { formatClock, formatCount } from '../components/format.ts'
import { useLog } from '../connection/use-connection.ts'
import { diffTexts } from './diff-text.ts'

/** "Diff": the two selected messages' payloads side by side in Monaco's diff editor, in a modal dialog. */
export function MessageDiffButton({ id, pair }: { id: string; pair: readonly [number, number] }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" title="Compare the two selected messages" onClick={() => setOpen(true)}>
        Diff
      </button>
      {open && <MessageDiffDialog id={id} pair={pair} onClose={() => setOpen(false)} />}
    </>
  )
}

function MessageDiffDialog({ id, pair, onClose }: { id: string; pair: readonly [number, number]; onClose: () => void }) {
  const { messages } = useLog(id)
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = dialog.current!
    d.showModal()
    return () => d.close()
  }, [])
  const [a, b] = pair
  const [left, right] = diffTexts(messages.payload(a), messages.payload(b))
  const label = (i: number) => `#${formatCount(i + 1)} ${messages.sender(i) === 'client' ? '↑ sent' : '↓ received'} ${formatClock(messages.time(i))}`
  const title = `Compare #${formatCount(a + 1)} and #${formatCount(b + 1)}`
  return (
    // Escape closes a modal dialog natively ("cancel", then "close").
    <dialog ref={dialog} className="message-diff" aria-label={title} onClose={onClose}>
      <div className="message-diff-head">
        <h2>{title}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <DiffView
        ariaLabel="Payload differences"
        original={left.text}
        modified={right.text}
        language={left.language === right.language ? left.language : 'plaintext'}
        originalLabel={label(a)}
        modifiedLabel={label(b)}
        height="70vh"
      />
    </dialog>
  )
}
