import { readFileSync } from 'node:fs'
import { createCaptureDecoder } from './src/protocol/index.ts'
import { PayloadSession, PayloadInput } from './src/payload/index.ts'
const from = (process.argv[2] ?? 'server') as 'server' | 'client'
const bytes = new Uint8Array(readFileSync(`/tmp/perf/${from}30.bin`))
const decoder = createCaptureDecoder({ from }, null)
const msgs: Uint8Array[] = []
for (let p = 0; p < bytes.length; p += 65536) { decoder.receiveData(bytes.subarray(p, p + 65536)); for (const e of decoder.eventsReceived()) if (e.kind === 'message') msgs.push(e.data) }
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const td = new TextDecoder('utf-8', { fatal: true })
for (let round = 0; round < 5; round++) {
  let t = cpu(); let n = 0
  for (const m of msgs) { const v = JSON.parse(td.decode(m)); if (v) n++ }
  const peer = cpu() - t
  t = cpu()
  for (const m of msgs) { if (new PayloadInput(m, true).json) n++ }
  const input = cpu() - t
  t = cpu()
  const s = new PayloadSession({})
  for (const m of msgs) { if (s.identifyMessage('text', m, from)) n++ }
  const ours = cpu() - t
  console.log(`peer ${peer.toFixed(0)}  input.json ${input.toFixed(0)}  identify ${ours.toFixed(0)}`)
}
