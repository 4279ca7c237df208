import { readFileSync, readdirSync } from 'node:fs'
import { importCapture } from '../src/importers/pcap-import.ts'
for (const f of readdirSync('src/importers/testdata').filter((f) => f.includes('pcap'))) {
  const r = importCapture(readFileSync(`src/importers/testdata/${f}`))
  console.log(f, r.format, 'errors', JSON.stringify(r.errors), 'warn', JSON.stringify(r.warnings))
  for (const c of r.connections) console.log('  ', c.kind, c.client, c.server, c.packets, c.clientBytes, c.serverBytes, JSON.stringify(c.notes))
  for (const s of r.sessions) console.log('  S', s.info.name, 'msgs', s.messages.length, 'frames', s.frames.length, 'findings', s.findings.map((x) => x.finding.code).join(','), s.messages.map((m) => m.sender[0] + ':' + m.type + (m.compressed ? '*' : '')).join(' '))
}
