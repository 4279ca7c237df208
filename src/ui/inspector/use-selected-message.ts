import { useMemo } from 'react'
import type { MessageGapEffect, MessageType } from '../../protocol/index.ts'
import { Flag, type Sender } from '../store/message-store.ts'
import { messageTypeLabel } from '../components/message-type-label.ts'
import { useConnectionView } from '../connection/use-connection.ts'

/** The selected message, read once from the columnar store into one object for the panels. */
export interface SelectedMessage {
  index: number
  t: number
  sender: Sender
  type: MessageType
  /** What the log calls it ("reserved 0x3" for a frame injected with a reserved opcode). */
  typeLabel: string
  /** The stored payload (a view: the store never changes written bytes). */
  data: Uint8Array
  /** Full payload size; more than data.length when truncated. */
  size: number
  truncated: boolean
  compressed: boolean
  /** Reported by the browser, never on the wire (a 1006 close). */
  local: boolean
  /** How a gap in a capture spoiled it. */
  gap: MessageGapEffect | undefined
  wirePayload: number | null
  wireSize: number | null
  closeCode: number | null
  /** Real frames in the connection's frame store (tap). */
  frames: number[]
  /** Captured through the tap: its frames can be asked of the companion server. */
  tapped: boolean
}

export function useSelectedMessage(id: string): SelectedMessage | null {
  // Written messages never change, so the selection alone decides (clearing the log resets it).
  const index = useConnectionView(id, (v) => v.selected)
  // The stores, not the log snapshot: a new snapshot per render request would redo the memo.
  const messages = useConnectionView(id, (v) => v.log.messages)
  const frames = useConnectionView(id, (v) => v.log.frames)
  const tapFrames = useConnectionView(id, (v) => v.log.tapFrames)
  return useMemo(() => {
    if (index === null || index >= messages.length) return null
    const link = messages.frames(index)
    return {
      index,
      t: messages.time(index),
      sender: messages.sender(index),
      type: messages.type(index),
      typeLabel: messageTypeLabel({ messages, frames }, index),
      data: messages.payload(index),
      size: messages.size(index),
      truncated: messages.has(index, Flag.TRUNCATED),
      compressed: messages.has(index, Flag.COMPRESSED),
      local: messages.has(index, Flag.LOCAL),
      gap: messages.gap(index),
      wirePayload: messages.wirePayload(index),
      wireSize: messages.wireSize(index),
      closeCode: messages.closeCode(index),
      frames: link ? frames.chain(link.first, link.count) : [],
      tapped: tapFrames.has(index),
    }
  }, [index, messages, frames, tapFrames])
}
