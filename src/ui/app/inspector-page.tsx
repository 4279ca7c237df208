import { useEffect, useState, type ReactNode } from 'react'
import { Tabs } from '../components/tabs.tsx'
import { useActiveId, useTabSession } from '../connection/connections-store.ts'
import { ConnectBar } from '../connect/connect-bar.tsx'
import { ConnectionTabs } from '../connect/connection-tabs.tsx'
import { SessionBar } from '../connect/session-bar.tsx'
import { TabActions } from '../connect/tab-actions.tsx'
import { LogCount, LogToolbar } from '../log/log-toolbar.tsx'
import { MessageLog } from '../log/message-log.tsx'
import { MessageActions, type EditFormat } from '../log/message-actions.tsx'
import { useComposeStore } from '../compose/compose-store.ts'
import { ComposePanel } from '../compose/compose-panel.tsx'
import { PayloadPanel } from '../inspector/payload-panel.tsx'
import { DecodedPanel } from '../inspector/decoded-panel.tsx'
import { FramesPanel } from '../inspector/frames-panel.tsx'
import { CompressionPanel } from '../inspector/compression-panel.tsx'
import { ClosePanel } from '../inspector/close-panel.tsx'
import { HandshakePanel } from '../inspector/handshake-panel.tsx'
import { TimelinePanel } from '../timeline/timeline-panel.tsx'
import { ControlPanel } from '../control/control-panel.tsx'
import { InterceptPanel } from '../intercept/intercept-panel.tsx'
import { engine } from '../connection/app-engine.ts'
import { SplitHandle } from '../components/split-handle.tsx'
import { useLayoutStore } from './layout-store.ts'
import './inspector-page.css'

const SIDE_TABS = [
  { key: 'payload', label: 'Payload' },
  { key: 'decoded', label: 'Decoded' },
  { key: 'frames', label: 'Frames' },
  { key: 'compression', label: 'Compression' },
  { key: 'close', label: 'Close' },
  { key: 'handshake', label: 'Handshake' },
  { key: 'timeline', label: 'Timeline' },
  { key: 'control', label: 'Control' },
  { key: 'intercept', label: 'Intercept' },
] as const

type SideTab = (typeof SIDE_TABS)[number]['key']

/** The details panel's narrowest, and the room the log keeps at the least. */
const MIN_DETAILS = 320
const MIN_LOG = 420

const SIDE_PANELS: Record<SideTab, (props: { id: string }) => ReactNode> = {
  payload: PayloadPanel,
  decoded: DecodedPanel,
  frames: FramesPanel,
  compression: CompressionPanel,
  close: ClosePanel,
  handshake: HandshakePanel,
  timeline: TimelinePanel,
  control: ControlPanel,
  intercept: InterceptPanel,
}

/**
 * The inspector: connection tabs and the connect bar on top; the message log with its
 * filter and the compose box on the left; the selected message's details, the handshake,
 * the timeline and the controls on the right. Each feature renders the active connection.
 * A saved or imported session opens in a read-only tab: its description instead of the
 * connect bar, and nothing to compose.
 */
export default function InspectorPage() {
  const id = useActiveId()
  const readOnly = useTabSession(id) !== null
  const [side, setSide] = useState<SideTab>('payload')
  const Panel = SIDE_PANELS[side]
  const detailsWidth = useLayoutStore((s) => s.detailsWidth)
  const { setDetailsWidth } = useLayoutStore.getState()
  // The connections of `wsinspect proxy` open tabs of their own.
  useEffect(() => engine.watchProxies(), [])
  return (
    <section className="inspector-page">
      <div className="inspector-top">
        <h1>Inspector</h1>
        <ConnectionTabs />
        <TabActions id={id} />
      </div>
      {readOnly ? <SessionBar id={id} /> : <ConnectBar id={id} />}
      {/* A width the user set stays within the window: the log keeps MIN_LOG of it. */}
      <div
        className="inspector-body"
        style={detailsWidth === null ? undefined : { gridTemplateColumns: `minmax(0, 1fr) 12px min(${detailsWidth}px, calc(100% - ${MIN_LOG + 12}px))` }}
      >
        <div className="inspector-log">
          <LogToolbar id={id} />
          <MessageLog key={id} id={id} />
          <div className="log-status">
            <MessageActions id={id} onEdit={readOnly ? undefined : editInComposer} />
            <LogCount id={id} />
          </div>
          {!readOnly && <ComposePanel id={id} />}
        </div>
        <SplitHandle
          label="Resize the details panel"
          min={MIN_DETAILS}
          max={Math.max(MIN_DETAILS, window.innerWidth - MIN_LOG - 36)}
          onChange={setDetailsWidth}
          onReset={() => setDetailsWidth(null)}
        />
        <Tabs tabs={SIDE_TABS} selected={side} onSelect={setSide} label="Details" className="inspector-side">
          <Panel id={id} />
        </Tabs>
      </div>
    </section>
  )
}

/** "Edit in composer": the message's payload becomes the compose box's draft. */
function editInComposer(format: EditFormat, body: string): void {
  const compose = useComposeStore.getState()
  compose.setFormat(format)
  compose.setBody(body)
}
