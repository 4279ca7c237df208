import { useEffect, useMemo, useState } from 'react'
import { concatBytes } from '../../protocol/index.ts'
import { formatClock } from '../components/format.ts'
import { useConnectionsStore, useTabSession } from '../connection/connections-store.ts'
import { FrameFlag } from '../store/frame-store.ts'
import type { Sender } from '../store/message-store.ts'
import type { RowFrames, TapFrames } from '../connection/tap-frames.ts'
import { useLog, useTapDeflate } from '../connection/use-connection.ts'
import { ConnectionFindings } from './connection-findings.tsx'
import { FrameCard } from '../components/frame-card.tsx'
import { FindingsList } from '../components/findings-list.tsx'
import { MessagePanel } from './message-panel.tsx'
import { reconstructFrame } from '../components/reconstruct-frame.ts'
import type { SelectedMessage } from './use-selected-message.ts'

/**
 * The frames of the selected message: through the tap, the real ones from the wire; in
 * direct mode, reconstructed as RFC 6455 lays the message out, and labelled as such.
 */
export function FramesPanel({ id }: { id: string }) {
  return (
    <MessagePanel id={id}>
      {(message) => (
        <>
          {message.frames.length > 0 ? (
            <StoredFrames id={id} message={message} />
          ) : message.tapped ? (
            <FetchedFrames id={id} message={message} />
          ) : message.local ? (
            <NoFrame code={message.closeCode} />
          ) : (
            <ReconstructedFrame id={id} message={message} />
          )}
          <ConnectionFindings id={id} />
        </>
      )}
    </MessagePanel>
  )
}

/** One real frame as the panel shows it. */
interface ShownFrame {
  key: number
  /** Header and (the kept part of) the payload, as on the wire. */
  bytes: Uint8Array
  t: number
  sender: Sender
  action: 'relayed' | 'injected' | 'dropped'
  /** Where it starts in its sender's stream. */
  offset: number
}

/** Frames that came with the log (the tap's own, a violation's, a loaded session's). */
function StoredFrames({ id, message }: { id: string; message: SelectedMessage }) {
  const { frames } = useLog(id)
  const shown = message.frames.map((f): ShownFrame => ({
    key: f,
    bytes: frames.bytes(f),
    t: frames.time(f),
    sender: frames.sender(f),
    action: frames.has(f, FrameFlag.INJECTED) ? 'injected' : frames.has(f, FrameFlag.DROPPED) ? 'dropped' : 'relayed',
    offset: frames.streamOffset(f),
  }))
  return <RealFrames id={id} message={message} frames={shown} total={shown.length} />
}

/** Frames the companion server keeps: asked for when the message is shown. */
function FetchedFrames({ id, message }: { id: string; message: SelectedMessage }) {
  const { tapFrames } = useLog(id)
  const [answer, setAnswer] = useState<{ from: TapFrames; row: number; frames: RowFrames } | null>(null)
  useEffect(() => {
    let shown = true
    const control = message.type !== 'text' && message.type !== 'binary'
    void tapFrames.load(message.index, message.sender, control)?.then((frames) => {
      if (shown) setAnswer({ from: tapFrames, row: message.index, frames })
    })
    return () => {
      shown = false
    }
  }, [tapFrames, message])
  const result = answer?.from === tapFrames && answer.row === message.index ? answer.frames : null
  if (!result) return <p className="notice">Asking the companion server for this message's frames…</p>
  if (result.status !== 'frames')
    return (
      <p className="notice" role="status">
        <strong>{result.status === 'not-kept' ? 'Frames not kept' : 'Frames not available'}</strong>: {result.reason}. The companion server keeps the latest
        frames of each tapped connection; the message itself is in the log.
      </p>
    )
  const shown = result.frames.map((f, k): ShownFrame => ({
    key: k,
    bytes: concatBytes([f.header, f.payload]),
    t: f.t,
    sender: f.sender,
    action: f.action,
    offset: f.offset,
  }))
  return <RealFrames id={id} message={message} frames={shown} total={result.total} />
}

function RealFrames({ id, message, frames, total }: { id: string; message: SelectedMessage; frames: ShownFrame[]; total: number }) {
  const deflate = useTapDeflate(id) !== null
  const { violations } = useLog(id)
  const violation = violations.get(message.index)
  return (
    <>
      {violation && (
        <FindingsList
          items={[{ finding: violation.finding, where: `${formatClock(violation.t)}, from the ${violation.sender}` }]}
          label="This frame broke the protocol"
        />
      )}
      {frames.length < total && (
        <p className="notice">
          The first {frames.length} of its {total} frames.
        </p>
      )}
      {frames.map((f, k) => {
        const direction = f.sender === 'client' ? 'client → server' : 'server → client'
        const notes = [f.action === 'injected' && 'injected by the tap', f.action === 'dropped' && 'dropped by the tap (auto-pong off)'].filter(Boolean)
        const caption = `Frame ${k + 1} of ${total} · real, from the wire · ${direction} at ${formatClock(f.t)}${notes.length ? ` · ${notes.join(', ')}` : ''}`
        const start = f.offset
        // The finding's bytes, marked in the frame that holds them.
        const marked = violation && violation.finding.offset >= start && violation.finding.offset < start + f.bytes.length ? violation.finding : null
        const highlights = marked
          ? [{ start: marked.offset - start, end: marked.offset - start + Math.max(1, marked.length), className: 'hl-error', label: marked.code }]
          : []
        return <FrameCard key={f.key} bytes={f.bytes} caption={caption} deflate={deflate} baseOffset={start} highlights={highlights} maxRows={6} />
      })}
    </>
  )
}

function ReconstructedFrame({ id, message }: { id: string; message: SelectedMessage }) {
  const extensions = useConnectionsStore((s) => s.byId[id].status.extensions)
  const session = useTabSession(id)
  const deflate = /permessage-deflate/i.test(extensions)
  // A fresh masking key per message shown, as a client would pick one per frame.
  const bytes = useMemo(() => reconstructFrame(message), [message])
  return (
    <>
      <p className="notice">
        <strong>Reconstructed — {session ? 'this session has messages, not frames' : 'the browser does not expose frames'}.</strong> This is how RFC 6455 lays
        this message out as one frame{message.sender === 'client' ? ', masked with a random key as every client frame must be' : ''}.{' '}
        {session ? 'A capture (pcap) or a session recorded through the tap has the real frames.' : 'Connect Through tap to see the real frames.'}
        {deflate && ' This connection negotiated permessage-deflate: the browser does not reveal per-message compression, so the frame is shown uncompressed.'}
      </p>
      <FrameCard bytes={bytes} caption="Frame 1 of 1 · reconstructed" deflate={deflate} maxRows={6} />
    </>
  )
}

function NoFrame({ code }: { code: number | null }) {
  return (
    <p className="notice">
      No frame: no Close frame was received. The browser reports close code {code} itself when the connection ends without a closing handshake.
    </p>
  )
}
