import type { DecoderQuery } from './decoder-link.ts'

/** Ready-made inputs, mostly the RFCs' own examples, in the formats people paste. */
export const DECODER_EXAMPLES: { label: string; query: DecoderQuery }[] = [
  {
    label: 'RFC 6455 §5.7: masked "Hello" from a client (hex)',
    query: { text: '81 85 37 fa 21 3d 7f 9f 4d 51 58', format: 'auto', from: 'client', extensions: '' },
  },
  {
    label: 'RFC 6455 §5.7: fragmented "Hel" + "lo", then a ping (xxd)',
    query: { text: '00000000: 0103 4865 6c80 026c 6f89 0548 656c 6c6f  ..Hel..lo..Hello', format: 'auto', from: 'server', extensions: '' },
  },
  {
    label: 'RFC 7692 §7.2.3: "Hello" twice, compressed with context takeover',
    query: { text: 'c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00', format: 'auto', from: 'server', extensions: 'permessage-deflate' },
  },
  {
    label: 'A JSON event and a Close 1001 "bye" (base64)',
    query: { text: 'gRh7InVzZXJzIjo0MiwidCI6IjA3OjQ1In2IBQPpYnll', format: 'auto', from: 'server', extensions: '' },
  },
  {
    label: 'Protocol error: close code 1005 on the wire',
    query: { text: '81 02 68 69 88 02 03 ed', format: 'auto', from: 'server', extensions: '' },
  },
  {
    label: 'Cut short: the last 3 bytes of "Hello" are missing',
    query: { text: '81 85 37 fa 21 3d 7f 9f', format: 'auto', from: 'client', extensions: '' },
  },
]
