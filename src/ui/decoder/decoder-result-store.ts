import { create } from 'zustand'
import type { DecodeOutput, DecodeProgress } from './decode-job.ts'

interface DecoderResultState {
  /** 'decoding' only while a worker runs: small pastes go straight from one result to the next. */
  status: 'idle' | 'decoding' | 'done'
  progress: DecodeProgress | null
  output: DecodeOutput | null
  /** The worker itself failed (a bug, or out of memory), as opposed to the input being bad. */
  failure: string | null
  started: () => void
  progressed: (progress: DecodeProgress) => void
  finished: (output: DecodeOutput) => void
  failed: (message: string) => void
}

/** The latest decode and its progress. */
export const useDecoderResultStore = create<DecoderResultState>()((set) => ({
  status: 'idle',
  progress: null,
  output: null,
  failure: null,
  started: () => set({ status: 'decoding', progress: { phase: 'reading', fraction: 0 }, failure: null }),
  progressed: (progress) => set({ progress }),
  finished: (output) => set({ status: 'done', progress: null, output, failure: null }),
  failed: (message) => set({ status: 'done', progress: null, failure: message }),
}))
