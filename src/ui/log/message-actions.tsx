import { useState } from 'react'
import { reconstructFrame } from '../components/reconstruct-frame.ts'
import { messageTypeLabel } from '../components/message-type-label.ts'
import type { ConnectionData } from '../connection/connection.ts'
import { engine } from '../connection/app-engine.ts'
import { useConnectionsStore } from '../connection/connections-store.ts'
import { useLog, useSelected } from '../connection/use-connection.ts'
import { concatBytes, utf8Decode } from '../../protocol/index.ts'
import { RowsActions, useSelectedRows } from './rows-actions.tsx'
import { PinButton } from './pin-controls.tsx'
import { FormatSelect } from './format-select.tsx'
import { COPY_FORMATS, copyText, type CopyFormat, type CopyMessage } from './copy-formats.ts'
import { ResendNewConnection } from './resend-new-connection.tsx'

export type EditFormat = 'text' | 'binary'

interface MessageActionsProps {
  id: string
  /** Puts a payload into the compose box to edit (absent for a read-only session). */
  onEdit?: (format: EditFormat, body: string) => void
}

/** What to do with the selected message: copy it in a chosen form, send it again (here or on a new connection), or edit it. */
export function MessageActions({ id, onEdit }: MessageActionsProps) {
  const data = useLog(id)
  const selected = useSelected(id)
  const status = useConnectionsStore((s) => s.byId[id].status)
  const [format, setFormat] = useState<CopyFormat>('text')
  const [note, setNote] = useState('')
  const [onNew, setOnNew] = useState(false)
  const rows = useSelectedRows(id)
  if (rows.length > 1) return <RowsActions id={id} rows={rows} />
  if (selected === null || selected >= data.messages.length) return null
  const message = copyMessage(data, selected, status.extensions ?? '')
  const resendable = message.type === 'text' || message.type === 'binary'
  const open = status.phase === 'open'
  const asDraft = (): [EditFormat, string] => (message.type === 'text' ? ['text', utf8Decode(message.data)] : ['binary', copyText('hex', message)])
  const copy = async () => {
    try {
      // Through the tap the real frames stay on the companion server: the decode command asks for them.
      const real = format === 'command' ? await tapFrameBytes(data, message.index) : null
      await navigator.clipboard.writeText(copyText(format, real ? { ...message, frameBytes: real, extensions: status.extensions ?? '' } : message))
      setNote(`Copied #${message.index + 1} as ${COPY_FORMATS.find((f) => f.key === format)!.label}.`)
    } catch (e) {
      setNote(`Could not copy: ${(e as Error).message}`)
    }
  }
  const resend = () => {
    const payload = message.type === 'text' ? utf8Decode(message.data) : message.data.slice()
    const problem = engine.send(id, payload)
    setNote(problem ?? `Sent #${message.index + 1} again.`)
  }
  return (
    <>
      <div className="message-actions" role="toolbar" aria-label="Selected message">
        <span className="muted">#{message.index + 1}</span>
        <FormatSelect label="Copy as" formats={COPY_FORMATS} value={format} onChange={setFormat} />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <PinButton id={id} index={message.index} />
        {onEdit && (
          <>
            <button
              type="button"
              disabled={!open || !resendable}
              title={resendable ? 'Send this message again on this connection' : 'Only text and binary messages can be sent again'}
              onClick={resend}
            >
              Resend
            </button>
            <button type="button" disabled={!resendable} onClick={() => onEdit(...asDraft())}>
              Edit in composer
            </button>
          </>
        )}
        <button
          type="button"
          disabled={!resendable}
          aria-expanded={onNew}
          title="Send this message, as it is or edited, on a new connection (a new tab)"
          onClick={() => setOnNew(!onNew)}
        >
          New connection…
        </button>
        <span className="muted message-actions-note" role="status">
          {note}
        </span>
      </div>
      {onNew && resendable && (
        <ResendNewConnection
          key={`${id}:${selected}`}
          id={id}
          index={selected}
          binary={message.type === 'binary'}
          data={message.data}
          onDone={() => setOnNew(false)}
        />
      )}
    </>
  )
}

/** A tapped row's real frames, as the companion server kept them; null when it has none (a reconstruction is copied). */
async function tapFrameBytes(data: ConnectionData, i: number): Promise<Uint8Array | null> {
  const type = data.messages.type(i)
  const result = await data.tapFrames.load(i, data.messages.sender(i), type !== 'text' && type !== 'binary')
  return result?.status === 'frames' ? concatBytes(result.frames.flatMap((f) => [f.header, f.payload])) : null
}

function copyMessage(data: ConnectionData, i: number, extensions: string): CopyMessage {
  const { messages, frames } = data
  const payload = messages.payload(i)
  const link = messages.frames(i)
  const sender = messages.sender(i)
  const type = messages.type(i)
  const frameBytes = link
    ? concatBytes(frames.chain(link.first, link.count).map((f) => frames.bytes(f)))
    : reconstructFrame({ sender, type, data: payload, size: messages.size(i) })
  return {
    index: i,
    t: messages.time(i),
    sender,
    type: messageTypeLabel(data, i),
    data: payload,
    size: messages.size(i),
    frameBytes,
    extensions: link ? extensions : '',
  }
}
