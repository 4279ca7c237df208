import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/wsinspect.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'wsinspect-proxy-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function rulesFile(name: string, content: string): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

describe('wsinspect proxy (command line)', () => {
  it.each([
    ['not JSON', '[{', /^wsinspect proxy: rules file .*bad-not-JSON\.json: not JSON: /],
    [
      'a bad direction',
      '[{"direction":"up","match":"x","action":"drop"}]',
      /^wsinspect proxy: rules file .*: rule 1: "direction" must be "client", "server" or "both", not "up"\n$/,
    ],
    [
      'a bad regex',
      '[{"direction":"client","match":"a(","replace":"b"}]',
      /^wsinspect proxy: rules file .*: rule 1: "match" is not a valid regular expression: /,
    ],
    [
      'bad hex',
      '[{"direction":"server","match":{"hex":"zz"},"action":"drop"}]',
      /^wsinspect proxy: rules file .*: rule 1: "match" \{"hex": "zz"\} is not hexadecimal bytes/,
    ],
  ])('refuses a rules file with %s: one line, exit status 2, nothing started', (what, content, message) => {
    const r = run(['proxy', 'http://127.0.0.1:1', '--listen', '0', '--port', '0', '--rules', rulesFile(`bad-${what.replace(/ /g, '-')}.json`, content)])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stdout).toBe('')
  })

  it.each([
    [['proxy'], /TARGET is required/],
    [['proxy', 'ws://localhost:3000'], /TARGET must be an http:\/\/ or https:\/\/ origin/],
    [['proxy', 'http://localhost:3000/app'], /TARGET is the app's origin only/],
    [['proxy', 'http://localhost:3000', '--rules', join(dir, 'missing.json')], /cannot read rules file .*missing\.json: no such file/],
    [['proxy', 'http://localhost:3000', '--listen', '99999'], /--listen must be a port number/],
    [['proxy', 'http://localhost:3000', '--hold-timeout-action', 'keep'], /--hold-timeout-action must be "forward" or "drop"/],
  ])('refuses %j with one line and exit status 2', (args, message) => {
    const r = run(args)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
})
