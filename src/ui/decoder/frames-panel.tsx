import { FrameCard } from '../components/frame-card.tsx'
import type { ByteHighlight } from '../components/hex-dump.tsx'
import { VirtualList } from '../components/virtual-list.tsx'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { useDecoderSelectionStore } from './decoder-selection-store.ts'
import { frameBytes, frameFlags, frameOpcode, framePayloadText } from './result-views.ts'

const COLUMNS = '3.5em 6em 7em 9em 1fr'

/** Every frame in a list, and the chosen one in full (bit layout, bytes, masking). */
export function FramesPanel() {
  const output = useDecoderResultStore((s) => s.output)
  const frames = output?.capture?.frames
  const selected = useDecoderSelectionStore((s) => s.frame)
  const select = useDecoderSelectionStore((s) => s.selectFrame)
  if (!frames?.length) return null
  return (
    <section className="columns" aria-labelledby="decoder-frames">
      <div>
        <h2 id="decoder-frames">Frames</h2>
        <VirtualList
          count={frames.length}
          ariaLabel="Frames"
          columns={COLUMNS}
          header={
            <>
              <span>#</span>
              <span>Offset</span>
              <span>Opcode</span>
              <span>Flags</span>
              <span>Payload</span>
            </>
          }
          selected={selected}
          onSelect={select}
          renderRow={(i) => {
            const f = frames[i]
            return (
              <>
                <span>{f.index}</span>
                <span className="mono">{f.offset}</span>
                <span>{frameOpcode(f)}</span>
                <span className="mono">{frameFlags(f)}</span>
                <span>
                  {framePayloadText(output!, f)}
                  {f.truncated ? <span className="error"> (cut short)</span> : null}
                </span>
              </>
            )
          }}
        />
      </div>
      <SelectedFrame />
    </section>
  )
}

function SelectedFrame() {
  const output = useDecoderResultStore((s) => s.output)
  const index = useDecoderSelectionStore((s) => s.frame)
  const findingIndex = useDecoderSelectionStore((s) => s.finding)
  const frame = index !== null ? output?.capture?.frames[index] : undefined
  if (!output?.capture || !frame) return null
  const located = findingIndex !== null ? output.findings[findingIndex] : undefined
  const highlights: ByteHighlight[] = []
  if (located) {
    const { offset, length, code } = located.finding
    highlights.push({ start: offset - frame.offset, end: offset - frame.offset + Math.max(1, length), className: 'hl-error', label: code })
  }
  return (
    <div className="decoder-frame">
      <FrameCard
        bytes={frameBytes(output, frame)}
        baseOffset={frame.offset}
        deflate={output.capture.deflate !== null}
        caption={`Frame ${frame.index} at byte ${frame.offset}: ${frameOpcode(frame)}`}
        highlights={highlights}
      />
    </div>
  )
}
