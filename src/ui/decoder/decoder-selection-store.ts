import { create } from 'zustand'
import type { FrameRecord } from '../../protocol/index.ts'
import { useDecoderResultStore } from './decoder-result-store.ts'

interface DecoderSelectionState {
  frame: number | null
  message: number | null
  finding: number | null
  selectFrame: (index: number) => void
  selectMessage: (index: number) => void
  /** Selects a finding and the frame its bytes are in, so the frame card shows it. */
  selectFinding: (index: number) => void
}

/** What the user picked in the result lists; cleared when a new decode arrives. */
export const useDecoderSelectionStore = create<DecoderSelectionState>()((set) => ({
  frame: null,
  message: null,
  finding: null,
  selectFrame: (frame) => set({ frame, finding: null }),
  selectMessage: (index) => {
    const message = useDecoderResultStore.getState().output?.capture?.messages[index]
    set({ message: index, frame: message ? message.firstFrame : null, finding: null })
  },
  selectFinding: (index) => {
    const output = useDecoderResultStore.getState().output
    const offset = output?.findings[index]?.finding.offset ?? 0
    set({ finding: index, frame: output?.capture ? frameAt(output.capture.frames, offset) : null })
  },
}))

useDecoderResultStore.subscribe((s, prev) => {
  if (s.output !== prev.output) {
    // A decode with an error opens on it: that is what the user needs to see first.
    const errorIndex = s.output?.findings.findIndex((f) => f.finding.severity === 'error') ?? -1
    useDecoderSelectionStore.setState({ frame: s.output?.capture?.frames.length ? 0 : null, message: null, finding: null })
    if (errorIndex >= 0) useDecoderSelectionStore.getState().selectFinding(errorIndex)
  }
})

/** Index of the frame whose bytes hold `offset` (the last frame starting at or before it). */
export function frameAt(frames: FrameRecord[], offset: number): number | null {
  let lo = 0
  let hi = frames.length - 1
  if (hi < 0) return null
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (frames[mid].offset <= offset) lo = mid
    else hi = mid - 1
  }
  return lo
}
