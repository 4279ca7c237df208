// The peer of `wsinspect decode FILE --stats` in `npm run bench -- decode-cli`: a script around
// ws's Receiver that reads a capture of one direction and counts its frames' messages, as a
// Node user would write it. Plain JavaScript, so it loads no TypeScript either.
// With --json, it also reads each text message as UTF-8 and JSON.parses it: the least a tool
// must do per message to tell which messages are JSON, the peer of wsinspect's payload counts.
// Usage: node bench/ws-decode.mjs FILE client|server [--json]
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const { Receiver } = createRequire(import.meta.url)('ws')
const [file, from, flag] = process.argv.slice(2)
const data = readFileSync(file)
const receiver = new Receiver({ isServer: from === 'client', maxPayload: 0, binaryType: 'nodebuffer' })
const utf8 = new TextDecoder('utf-8', { fatal: true })
let messages = 0
let payloadBytes = 0
let json = 0
let error = null
receiver.on('message', (message, isBinary) => {
  messages++
  payloadBytes += message.length
  if (flag !== '--json' || isBinary) return
  try {
    JSON.parse(utf8.decode(message))
    json++
  } catch {
    // Not JSON: counted as other text.
  }
})
receiver.on('error', (e) => (error = e.message))
// One write: the Receiver loops over the whole buffer synchronously (its fastest way).
receiver.write(data, () => console.log(JSON.stringify({ messages, payloadBytes, wireBytes: data.length, json, error })))
