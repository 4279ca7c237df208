/**
 * `npm run bench`: prints the benchmark tables. Figures, not pass/fail: see the README.
 * `npm run bench -- load` (or `decode`, `import`) runs only the sections whose name contains the word.
 */
import { measureThroughput } from './decode-throughput.ts'
import { measureEchoLoad } from './load-echo.ts'
import { measureImport } from './import-pcap.ts'
import { measurePayloadThroughput } from './payload-throughput.ts'
import { runSections } from './sections.ts'

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))]
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)))
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

async function decodeSection(): Promise<void> {
  console.log('Decode throughput: wsinspect core vs ws Receiver (same buffers, 64 KiB chunks, best of 3 runs each, more for streams decoded in under a second)\n')
  const rows = await measureThroughput()
  console.log(
    table(
      ['stream', 'MB', 'messages', 'core MB/s', 'ws MB/s', 'ratio'],
      rows.map((r) => [r.stream, r.megabytes.toFixed(0), r.messages, r.coreMBs.toFixed(0), r.wsMBs.toFixed(0), r.ratio.toFixed(2)]),
    ),
  )
  console.log('\nratio = core throughput / ws throughput (≥ 1.0: the core is at least as fast)')
}

async function loadSection(): Promise<void> {
  console.log('Companion server load: concurrent /echo clients, each waiting for every echo (clients and server in one process)\n')
  const rows = []
  for (const deflate of [false, true]) rows.push(await measureEchoLoad({ clients: 500, messagesPerClient: 100, size: 64, deflate }))
  console.log(
    table(
      ['/echo', 'clients', 'messages', 'sent', 'received', 'lost', 'wall s', 'msg/s', 'p50 ms', 'p99 ms'],
      rows.map((r) => [
        r.deflate ? 'permessage-deflate' : 'uncompressed',
        r.clients,
        r.messagesPerClient,
        r.sent,
        r.received,
        r.lost,
        r.wallSeconds.toFixed(2),
        r.messagesPerSecond.toFixed(0),
        r.p50Ms.toFixed(2),
        r.p99Ms.toFixed(2),
      ]),
    ),
  )
}

async function importSection(): Promise<void> {
  console.log('Capture import: a synthesised pcap of WebSocket traffic (4 connections, one with permessage-deflate)\n')
  const pcap = measureImport()
  console.log(
    table(
      ['file MB', 'packets', 'sessions', 'messages', 'import s (cold)', 'import s (warm)', 'MB/s (cold)'],
      [[pcap.fileMB.toFixed(1), pcap.packets, pcap.connections, pcap.messages, pcap.seconds.toFixed(2), pcap.warmSeconds.toFixed(2), pcap.mbPerSecond.toFixed(0)]],
    ),
  )
  console.log(
    `\nmemory, before → peak during the cold import (the file already loaded): ` +
      `rss ${pcap.rssBeforeMB.toFixed(0)} → ${pcap.rssPeakMB.toFixed(0)} MB, ` +
      `JS heap ${pcap.heapBeforeMB.toFixed(0)} → ${pcap.heapPeakMB.toFixed(0)} MB, ` +
      `ArrayBuffers ${pcap.arrayBuffersBeforeMB.toFixed(0)} → ${pcap.arrayBuffersPeakMB.toFixed(0)} MB`,
  )
  console.log('target: under 3 s for 100 MB (BENCH_PCAP_MB sets the size)')
}

async function payloadSection(): Promise<void> {
  console.log('Payload decoding: messages per second per decoder, auto (sniffing, as the log does) and named, against the protocol library parsing the same messages\n')
  const rows = measurePayloadThroughput()
  console.log(
    table(
      ['decoder', 'avg B', 'auto msg/s', 'named msg/s', 'peer', 'peer msg/s', 'named/peer', 'auto decodes as'],
      rows.map((r) => [
        r.decoder,
        r.avgBytes.toFixed(0),
        r.autoPerSecond.toFixed(0),
        r.namedPerSecond.toFixed(0),
        r.peer,
        r.peerPerSecond === null ? '—' : r.peerPerSecond.toFixed(0),
        r.peerPerSecond === null ? '—' : (r.namedPerSecond / r.peerPerSecond).toFixed(2),
        r.decodedAs,
      ]),
    ),
  )
  console.log('\nnamed/peer = wsinspect (decode, summary, kind, JSON value) / the library parse alone')
}

await runSections([
  ['decode', decodeSection],
  ['load', loadSection],
  ['import', importSection],
  ['payload', payloadSection],
])
