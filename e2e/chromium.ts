/**
 * Debian's Chromium as the browser tests and the browser benchmarks launch it (Playwright's own
 * browser download does not work here): headless, no sandbox, nothing that reaches the network.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
