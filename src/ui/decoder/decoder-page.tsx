import { useEffect } from 'react'
import { DecoderControls } from './decoder-controls.tsx'
import { BytesEditor } from './bytes-editor.tsx'
import { DecodeSummary } from './decode-summary.tsx'
import { SaveAsSession } from './save-as-session.tsx'
import { DecoderFindings } from './decoder-findings.tsx'
import { FramesPanel } from './frames-panel.tsx'
import { MessagesPanel } from './messages-panel.tsx'
import { InputBytesPanel } from './input-bytes-panel.tsx'
import { startDecoderUrlSync } from './decoder-url-sync.ts'
import { startDecoderRunner } from './decoder-runner.ts'
import './decoder.css'

/** Paste captured bytes of one direction and see every frame, message and finding. */
export function DecoderPage() {
  useEffect(() => {
    // The link is read first, so the first decode is of what the link holds.
    const stopSync = startDecoderUrlSync()
    const stopRunner = startDecoderRunner()
    return () => {
      stopRunner()
      stopSync()
    }
  }, [])
  return (
    <section className="page decoder-page">
      <h1>Decoder</h1>
      <p className="muted page-intro">
        Paste the bytes of one direction of a connection, starting at a frame boundary (after the handshake). The page address is a link to this decode.
      </p>
      <DecoderControls />
      <div className="columns">
        <div className="editor-box">
          <BytesEditor />
        </div>
        <div className="decoder-side">
          <DecodeSummary />
          <SaveAsSession />
          <DecoderFindings />
        </div>
      </div>
      <FramesPanel />
      <MessagesPanel />
      <InputBytesPanel />
    </section>
  )
}
