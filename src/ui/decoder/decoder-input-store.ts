import { create } from 'zustand'
import { deflateFromExtensions, type Sender } from '../../protocol/index.ts'
import { type TextInputFormat } from '../../input/index.ts'
import type { DecoderQuery } from './decoder-link.ts'

interface DecoderInputState extends DecoderQuery {
  /** Why the extensions value cannot be used (the handshake's rules), or null. */
  extensionsProblem: string | null
  /** Why the link the page was opened with could not be read, or null. */
  linkProblem: string | null
  setText: (text: string) => void
  setFormat: (format: TextInputFormat) => void
  setFrom: (from: Sender) => void
  setExtensions: (extensions: string) => void
  /** Replaces the whole input (an example, a link). */
  load: (query: DecoderQuery, linkProblem?: string | null) => void
}

/** What the user gave the decoder: the paste and how to read it. */
export const useDecoderInputStore = create<DecoderInputState>()((set) => ({
  text: '',
  format: 'auto',
  from: 'client',
  extensions: '',
  extensionsProblem: null,
  linkProblem: null,
  setText: (text) => set({ text }),
  setFormat: (format) => set({ format }),
  setFrom: (from) => set({ from }),
  setExtensions: (extensions) => set({ extensions, extensionsProblem: deflateFromExtensions(extensions).problem }),
  load: (query, linkProblem = null) => set({ ...query, extensionsProblem: deflateFromExtensions(query.extensions).problem, linkProblem }),
}))

/** The fields that change the decode (a new one is started when any of them changes). */
export function queryOf(state: DecoderQuery): DecoderQuery {
  return { text: state.text, format: state.format, from: state.from, extensions: state.extensions }
}
