/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

/** `npm run dev` serves the app here; fixed, because the companion trusts this origin. */
const DEV_PORT = Number(process.env.DEV_PORT ?? 5173)
/** Paths the companion server answers; in development Vite forwards them to it (WebSockets too). */
const COMPANION_PATHS = ['/echo', '/stream', '/broadcast', '/scenario', '/tap', '/api']

/**
 * `npm run dev` starts the companion server (echo, stream, scenarios, the tap, the captures
 * API) in the same process on a free port and proxies its paths, so the app under Vite works
 * as under `npm start`, with hot reload. Not for `vite build` or Vitest.
 */
function companion(): Plugin {
  return {
    name: 'wsinspect-companion',
    apply: 'serve',
    async config() {
      if (process.env.VITEST) return
      const { startCompanionServer } = await import('./src/server/http-server.ts')
      const origins = [`http://localhost:${DEV_PORT}`, `http://127.0.0.1:${DEV_PORT}`]
      const server = await startCompanionServer({ port: 0, host: '127.0.0.1', appDir: null, allowOrigins: origins })
      const target = `http://127.0.0.1:${server.port}`
      return {
        server: {
          port: DEV_PORT,
          strictPort: true,
          proxy: Object.fromEntries(COMPANION_PATHS.map((path) => [path, { target, ws: true, changeOrigin: true }])),
        },
      }
    },
  }
}

export default defineConfig({
  plugins: [react(), companion()],
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 5000,
    // Rolldown's plugin-timing report is advice for plugin authors, noise on every start.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    // The connection lifetime test measures the heap after a full collection.
    execArgv: ['--expose-gc'],
    globalSetup: ['scripts/test-setup.mjs'],
    // Every zustand store back to its initial state after each test (__mocks__/zustand.ts).
    setupFiles: ['vitest.setup.ts'],
  },
})
