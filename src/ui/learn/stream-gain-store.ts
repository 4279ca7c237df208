import { create } from 'zustand'
import { utf8Encode } from '../../protocol/index.ts'
import { measureContextTakeover, type CompressionGain } from '../../learn/index.ts'
import { streamUrl } from './endpoints.ts'

interface StreamGainState {
  status: 'idle' | 'collecting' | 'done' | 'failed'
  /** The server's JSON events as received (the browser gives messages, not wire frames). */
  received: string[]
  /** What this browser's socket negotiated with /stream (e.g. permessage-deflate). */
  extensions: string
  gain: CompressionGain | null
  problem: string | null
  measure: () => void
}

/** How many /stream events to measure on. */
export const SAMPLE_SIZE = 50

/**
 * Context takeover measured on real /stream messages: they are collected from the live socket,
 * then compressed in the page with the core's MessageEncoder as the server would send them,
 * once keeping the deflate context across messages and once resetting it per message.
 */
export const useStreamGainStore = create<StreamGainState>()((set) => ({
  status: 'idle',
  received: [],
  extensions: '',
  gain: null,
  problem: null,
  measure: () => {
    set({ status: 'collecting', received: [], gain: null, problem: null })
    const received: string[] = []
    const socket = new WebSocket(streamUrl(SAMPLE_SIZE))
    socket.onopen = () => set({ extensions: socket.extensions })
    socket.onmessage = (e) => {
      if (typeof e.data !== 'string') return
      received.push(e.data)
      set({ received: [...received] })
      if (received.length === SAMPLE_SIZE) {
        socket.close(1000, 'measured')
        set({ status: 'done', gain: measureContextTakeover(received.map(utf8Encode), 'server') })
      }
    }
    socket.onclose = (e) => {
      if (received.length < SAMPLE_SIZE) {
        set({ status: 'failed', problem: `/stream closed after ${received.length} messages (code ${e.code}); is the companion server serving this page?` })
      }
    }
  },
}))
