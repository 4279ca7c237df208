import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PORT = 4700 + (process.pid % 200)

describe('npm run dev (Vite with the companion server)', () => {
  it('serves the app and forwards the companion’s HTTP and WebSocket paths', { timeout: 90_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DEV_PORT: String(PORT) }
    delete env.VITEST
    const vite = spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', String(PORT)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    vite.stdout.on('data', (d) => (output += d))
    vite.stderr.on('data', (d) => (output += d))
    try {
      for (let i = 0; i < 600 && !/ready in/.test(output); i++) await Promise.race([once(vite.stdout, 'data'), once(vite, 'exit')])
      expect(output).toMatch(/ready in/)
      const origin = `http://127.0.0.1:${PORT}`
      expect(await (await fetch(`${origin}/`)).text()).toMatch(/<div id="root">/)
      // The app's origin reads the server's access token, as the app does, and uses /api with it.
      const { token } = (await (await fetch(`${origin}/api/token`, { headers: { Origin: origin } })).json()) as { token: string }
      const scenarios = await fetch(`${origin}/api/scenarios`, { headers: { Origin: origin, 'X-Wsinspect-Token': token } })
      expect(scenarios.status).toBe(200)
      expect(Array.isArray(await scenarios.json())).toBe(true)
      const ws = new WebSocket(`ws://127.0.0.1:${PORT}/echo`, { origin })
      await once(ws, 'open')
      ws.send('through Vite')
      const [echo] = await once(ws, 'message')
      expect(String(echo)).toBe('through Vite')
      ws.close()
    } finally {
      vite.kill('SIGKILL')
    }
  })
})
