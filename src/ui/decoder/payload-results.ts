import { useMemo, useState } from 'react'
import { PayloadSession, type PayloadResult } from '../../payload/index.ts'
import type { MessageRecord } from '../../protocol/index.ts'
import { useDecoderInputStore } from './decoder-input-store.ts'

/** The pasted messages decoded down to their application protocol, in order (one session). */
export function usePayloadResults(messages: readonly MessageRecord[] | undefined): { results: PayloadResult[]; decoder: string; setDecoder: (d: string) => void } {
  const from = useDecoderInputStore((s) => s.from)
  const [decoder, setDecoder] = useState('auto')
  const results = useMemo(() => {
    const session = new PayloadSession({ payload: decoder === 'auto' || decoder === 'none' ? decoder : [decoder] })
    return (messages ?? []).map((m) => session.decodeMessage(m.type, m.data, from))
  }, [messages, decoder, from])
  return { results, decoder, setDecoder }
}
