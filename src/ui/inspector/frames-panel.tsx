import { useMemo } from 'react'
import { formatClock } from '../components/format.ts'
import { useConnectionsStore, useTabSession } from '../connection/connections-store.ts'
import { FrameFlag } from '../store/frame-store.ts'
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
            <RealFrames id={id} message={message} />
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

function RealFrames({ id, message }: { id: string; message: SelectedMessage }) {
  const deflate = useTapDeflate(id) !== null
  const { frames, violations } = useLog(id)
  const violation = violations.get(message.index)
  return (
    <>
      {violation && (
        <FindingsList
          items={[{ finding: violation.finding, where: `${formatClock(violation.t)}, from the ${violation.sender}` }]}
          label="This frame broke the protocol"
        />
      )}
      {message.frames.map((f, k) => {
        const direction = frames.sender(f) === 'client' ? 'client → server' : 'server → client'
        const notes = [
          frames.has(f, FrameFlag.INJECTED) && 'injected by the tap',
          frames.has(f, FrameFlag.DROPPED) && 'dropped by the tap (auto-pong off)',
        ].filter(Boolean)
        const caption = `Frame ${k + 1} of ${message.frames.length} · real, from the wire · ${direction} at ${formatClock(frames.time(f))}${notes.length ? ` · ${notes.join(', ')}` : ''}`
        const start = frames.streamOffset(f)
        // The finding's bytes, marked in the frame that holds them.
        const marked = violation && violation.finding.offset >= start && violation.finding.offset < start + frames.bytes(f).length ? violation.finding : null
        const highlights = marked
          ? [{ start: marked.offset - start, end: marked.offset - start + Math.max(1, marked.length), className: 'hl-error', label: marked.code }]
          : []
        return <FrameCard key={f} bytes={frames.bytes(f)} caption={caption} deflate={deflate} baseOffset={start} highlights={highlights} maxRows={6} />
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
