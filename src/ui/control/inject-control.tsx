import { useState } from 'react'
import { encodeBase64, opcodeLabel, utf8Encode } from '../../protocol/index.ts'
import type { Sender } from '../../shared/capture-api.ts'
import { engine } from '../connection/app-engine.ts'
import { ToSelect } from './ping-control.tsx'

const OPCODES = Array.from({ length: 16 }, (_, opcode) => opcode)
const BITS = ['fin', 'rsv1', 'rsv2', 'rsv3'] as const

/** Any single frame, reserved opcodes and bits included, written by the tap between frames. */
export function InjectControl({ id, disabled }: { id: string; disabled: boolean }) {
  const [opcode, setOpcode] = useState(1)
  const [bits, setBits] = useState({ fin: true, rsv1: false, rsv2: false, rsv3: false })
  const [payload, setPayload] = useState('crafted')
  const [to, setTo] = useState<Sender>('server')
  return (
    <form
      className="control-form"
      onSubmit={(e) => {
        e.preventDefault()
        void engine.tapCommand(id, { type: 'inject', to, frame: { opcode, ...bits, payload: encodeBase64(utf8Encode(payload)) } })
      }}
    >
      <label>
        Opcode
        <select value={opcode} onChange={(e) => setOpcode(Number(e.target.value))}>
          {OPCODES.map((o) => (
            <option key={o} value={o}>
              {o.toString(16).toUpperCase()} {opcodeLabel(o)}
            </option>
          ))}
        </select>
      </label>
      {BITS.map((bit) => (
        <label key={bit} className="check">
          <input type="checkbox" checked={bits[bit]} onChange={(e) => setBits({ ...bits, [bit]: e.target.checked })} />
          {bit.toUpperCase()}
        </label>
      ))}
      <label className="grow">
        Payload
        <input value={payload} onChange={(e) => setPayload(e.target.value)} />
      </label>
      <ToSelect value={to} onChange={setTo} />
      <button type="submit" disabled={disabled}>
        Inject
      </button>
      <p className="control-help muted">
        Data frames go out uncompressed; frames to the server are masked with a fresh key. The frame waits for a frame (or message) boundary.
      </p>
    </form>
  )
}
