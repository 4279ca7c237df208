import { useMemo, useState } from 'react'
import { PayloadSession, type PayloadResult } from '../../payload/index.ts'
import type { MessageRecord } from '../../protocol/index.ts'
import { useDecoderInputStore } from './decoder-input-store.ts'

/**
 * The pasted messages decoded down to their application protocol. One session reads them in
 * order (stateful layers need it), only as far as a row on screen asks: a 10 MB paste's
 * thousands of messages are not all decoded on the main thread.
 */
export function usePayloadResults(messages: readonly MessageRecord[] | undefined): {
  result: (i: number) => PayloadResult
  decoder: string
  setDecoder: (d: string) => void
} {
  const from = useDecoderInputStore((s) => s.from)
  const [decoder, setDecoder] = useState('auto')
  const result = useMemo(() => {
    const session = new PayloadSession({ payload: decoder === 'auto' || decoder === 'none' ? decoder : [decoder] })
    const results: PayloadResult[] = []
    const list = messages ?? []
    return (i: number) => {
      while (results.length <= i && results.length < list.length) {
        const m = list[results.length]
        results.push(session.decodeMessage(m.type, m.data, from))
      }
      return results[i]
    }
  }, [messages, decoder, from])
  return { result, decoder, setDecoder }
}
