import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/wsinspect.mjs', import.meta.url))
const SEED = fileURLToPath(new URL('../protocol/fixtures/seed-document.md', import.meta.url))

function run(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wsinspect-cli-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

// RFC 6455 §5.7: a masked "Hello", then a masked close 1000 "bye".
const BYTES = Buffer.from('818537fa213d7f9f4d5158888537fa213d3412434452', 'hex')
const FORMATS: Record<string, string | Buffer> = {
  raw: BYTES,
  'plain hex': BYTES.toString('hex'),
  'spaced hex': BYTES.toString('hex').replace(/(..)/g, '$1 '),
  'colon hex': BYTES.toString('hex').replace(/(..)(?!$)/g, '$1:'),
  '0x list': [...BYTES].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', '),
  xxd: '00000000: 8185 37fa 213d 7f9f 4d51 5888 8537 fa21  ..7.!=..MQX..7.!\n00000010: 3d34 1243 4452                           =4.CDR\n',
  'hexdump -C':
    '00000000  81 85 37 fa 21 3d 7f 9f  4d 51 58 88 85 37 fa 21  |..7.!=..MQX..7.!|\n00000010  3d 34 12 43 44 52                                 |=4.CDR|\n00000016\n',
  wireshark: '0000   81 85 37 fa 21 3d 7f 9f 4d 51 58 88 85 37 fa 21   ..7.!=..MQX..7.!\n0010   3d 34 12 43 44 52                                 =4.CDR\n',
  base64: BYTES.toString('base64'),
}

describe('the bundle in build/', () => {
  it('is current once bin/ has run: the next run does not build it again', () => {
    expect(run(['accept', 'dGhlIHNhbXBsZSBub25jZQ==']).stdout.trim()).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=')
    const check = `import('./scripts/cli-bundle.mjs').then((m) => console.log(m.cliBundleIsStale()))`
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', check], { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' })
    expect(r.stdout.trim()).toBe('false')
  })

  it('loads the compression and SHA-1 libraries only when a command uses them', () => {
    // The bundle's stubs load them with require, so require.cache shows whether they were.
    const preload = file(
      'loaded.cjs',
      `process.on('exit', () => process.stderr.write('loaded: ' + Object.keys(require.cache).filter((k) => /node_modules\\/(pako|@noble)\\//.test(k)).length + '\\n'))`,
    )
    const loaded = (args: string[]) => {
      const r = spawnSync(process.execPath, ['--require', preload, BIN, ...args], { encoding: 'utf8' })
      expect(r.status, r.stderr).toBe(0)
      return Number(/loaded: (\d+)/.exec(r.stderr)![1])
    }
    // "Hello" compressed (RFC 7692 §7.2.3.1) and uncompressed, unmasked.
    const compressed = Buffer.from('c107f248cdc9c90700', 'hex')
    const plain = Buffer.from('810548656c6c6f', 'hex')
    expect(loaded(['decode', '--from', 'server', '--stats', '--input', 'raw', file('plain.bin', plain)])).toBe(0)
    expect(loaded(['decode', '--from', 'server', '--stats', '--input', 'raw', '--extensions', 'permessage-deflate', file('deflated.bin', compressed)])).toBe(1)
    expect(loaded(['accept', 'dGhlIHNhbXBsZSBub25jZQ=='])).toBe(1)
  })
})

describe('wsinspect decode', () => {
  it('decodes every input format to the same frames and messages', () => {
    const results = Object.entries(FORMATS).map(([name, content]) => {
      const r = run(['decode', file(`in-${name.replace(/\W/g, '_')}`, content), '--from', 'client', '--json'])
      expect(r.status, `${name}: ${r.stderr}`).toBe(0)
      const { file: _file, input: _input, ...decoded } = JSON.parse(r.stdout)
      return decoded
    })
    for (const r of results) expect(r).toEqual(results[0])
    expect(results[0].messages).toEqual([
      expect.objectContaining({ type: 'text', text: 'Hello', dataHex: '48656c6c6f', frameCount: 1, wireLength: 5 }),
      expect.objectContaining({ type: 'close', closeCode: 1000, closeReason: 'bye', text: 'bye' }),
    ])
    expect(results[0].frames[0]).toEqual(
      expect.objectContaining({
        offset: 0,
        headerLength: 6,
        fin: true,
        rsv1: false,
        rsv2: false,
        rsv3: false,
        opcode: 1,
        masked: true,
        maskingKey: '37fa213d',
        payloadLength: 5,
      }),
    )
    expect(results[0]).toMatchObject({ error: null, truncated: false })
  })

  it('reads standard input, with - or no FILE', () => {
    const a = run(['decode', '--from', 'client', '--json'], FORMATS['spaced hex'])
    const b = run(['decode', '-', '--from', 'client', '--json'], FORMATS.xxd)
    expect(a.status).toBe(0)
    expect(JSON.parse(a.stdout).messages).toEqual(JSON.parse(b.stdout).messages)
  })

  it('prints JSON Lines with a file key for several files', () => {
    const f1 = file('one.hex', '81 05 48 65 6c 6c 6f')
    const f2 = file('two.hex', '82 02 01 02')
    const r = run(['decode', f1, f2, '--from', 'server', '--json'])
    expect(r.status).toBe(0)
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => l.file)).toEqual([f1, f2])
    expect(lines[1].messages[0]).toMatchObject({ type: 'binary', dataHex: '0102' })
  })

  it('reports protocol errors as findings with exit status 0', () => {
    const r = run(['decode', '--from', 'server', '--json'], '81 05 48 65 6c 6c 6f 83 00')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { closeCode: 1002, offset: 7 }, messages: [{ text: 'Hello' }] })
  })

  it('honours --extensions and --max-payload', () => {
    const compressed = 'c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00'
    expect(JSON.parse(run(['decode', '--from', 'server', '--json'], compressed).stdout).error).toMatchObject({ closeCode: 1002 })
    const ok = JSON.parse(run(['decode', '--from', 'server', '--json', '--extensions', 'permessage-deflate'], compressed).stdout)
    expect(ok.messages.map((m: { text: string }) => m.text)).toEqual(['Hello', 'Hello'])
    const big = JSON.parse(run(['decode', '--from', 'server', '--json', '--max-payload', '4'], '81 05 48 65 6c 6c 6f').stdout)
    expect(big.error).toMatchObject({ closeCode: 1009 })
  })

  it('--stats counts without listing', () => {
    const r = run(['decode', '--from', 'client', '--stats'], FORMATS.base64)
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ frames: 2, messages: 2, wireBytes: 22, payloadBytes: 10, error: null })
  })

  it('prints a readable report by default', () => {
    const r = run(['decode', '--from', 'client'], FORMATS.xxd)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Masking-key')
    expect(r.stdout).toContain('"Hello"')
    expect(r.stdout).toContain('1000 Normal Closure')
  })

  it.each([
    [['decode', '--json'], /--from is required/],
    [['decode', '--from', 'browser'], /--from must be client or server/],
    [['decode', '--from', 'client', '--input', 'pdf'], /--input must be one of/],
    [['decode', '--from', 'client', '--max-payload', 'lots'], /--max-payload/],
    [['decode', '--from', 'client', '--bogus'], /bogus/],
    [['decode', '--from', 'client', '--extensions', 'permessage-deflate; server_max_window_bits=99'], /--extensions: server_max_window_bits=99/],
    [['decode', '/no/such/file', '--from', 'client'], /cannot read \/no\/such\/file: no such file/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 with one line on stderr for %j', (args, message) => {
    const r = run(args as string[], '')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('stops reading at the input limit with one line and exit status 2, for files and endless streams', () => {
    const big = file('big.bin', Buffer.alloc(4096))
    for (const args of [
      ['decode', big, '--from', 'client', '--max-input', '4000'],
      ['decode', '/dev/zero', '--from', 'client', '--max-input', '1000000'],
    ]) {
      const r = run(args)
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/holds more than \d+ bytes, the input limit \(--max-input raises it\)/)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
    expect(run(['decode', big, '--from', 'client', '--max-input', '0', '--stats']).status).toBe(0)
    expect(run(['decode', big, '--from', 'client', '--max-input', 'much']).stderr).toMatch(/--max-input must be a whole number/)
  })

  it('streams a long --json report: the same JSON, however many frames', () => {
    // 20,000 empty frames: JSON far beyond what one write should carry.
    const r = run(['decode', file('many.bin', Buffer.from('8100'.repeat(20_000), 'hex')), '--from', 'server', '--json'])
    expect(r.status).toBe(0)
    const json = JSON.parse(r.stdout)
    expect(r.stdout).toBe(`${JSON.stringify(json, null, 2)}\n`)
    expect(json.frames).toHaveLength(20_000)
    expect(json.messages[19_999]).toMatchObject({ type: 'text', text: '', frameCount: 1 })
  })

  it('exits 2 for input that is not hex, a dump or base64', () => {
    const r = run(['decode', '--from', 'client'], 'hello there, not bytes!')
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('wsinspect accept and handshake', () => {
  it('accept prints the Sec-WebSocket-Accept value and nothing else', () => {
    expect(run(['accept', 'dGhlIHNhbXBsZSBub25jZQ==']).stdout).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n')
    expect(run(['accept', 'short']).status).toBe(2)
  })

  it('handshake validates the seed example, pasted as is', () => {
    const seed = readFileSync(SEED, 'utf8')
    const blocks = [...seed.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n')
    const r = run(['handshake', '--json'], blocks)
    expect(r.status).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.request).toMatchObject({ method: 'GET', url: expect.stringContaining('wss://xdata.jcloud.com') })
    expect(report.response).toMatchObject({ status: 101 })
    expect(report.extensions).toEqual([{ name: 'permessage-deflate', params: { client_max_window_bits: '15' } }])
    expect(report.checks.find((c: { id: string }) => c.id === 'accept-matches-key')).toMatchObject({ ok: true })
    expect(report.checks.every((c: { ok: boolean }) => c.ok)).toBe(true)
    expect(run(['handshake'], blocks).stdout).toMatch(/all \d+ checks passed/)
  })

  it('handshake exits 2 for an unreadable file, empty input or no handshake, and 0 whatever the verdict', () => {
    expect(run(['handshake', '/no/such/file']).status).toBe(2)
    for (const [input, message] of [
      ['', /is empty/],
      ['\n \n', /is empty/],
      ['hello there\n', /holds no WebSocket handshake/],
    ] as const) {
      const r = run(['handshake', '--json'], input)
      expect(r.status).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
    const r = run(['handshake', '--json'], 'HTTP/1.1 200 OK\r\nServer: x\r\n\r\n')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'response-status-101')).toMatchObject({ ok: false })
  })
})
