// The peer of `wsinspect decode FILE --stats` in `npm run bench -- decode-cli`: a script around
// ws's Receiver that reads a capture of one direction and counts its frames' messages, as a
// Node user would write it. Plain JavaScript, so it loads no TypeScript either.
// Usage: node bench/ws-decode.mjs FILE client|server
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const { Receiver } = createRequire(import.meta.url)('ws')
const [file, from] = process.argv.slice(2)
const data = readFileSync(file)
const receiver = new Receiver({ isServer: from === 'client', maxPayload: 0, binaryType: 'nodebuffer' })
let messages = 0
let payloadBytes = 0
let error = null
receiver.on('message', (message) => {
  messages++
  payloadBytes += message.length
})
receiver.on('error', (e) => (error = e.message))
// One write: the Receiver loops over the whole buffer synchronously (its fastest way).
receiver.write(data, () => console.log(JSON.stringify({ messages, payloadBytes, wireBytes: data.length, error })))
