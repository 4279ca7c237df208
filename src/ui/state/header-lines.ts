/** Extra handshake headers as typed in the connect bar: one "Name: value" per line. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

export type HeaderLines = { ok: true; headers: [string, string][] } | { ok: false; message: string }

export function parseHeaderLines(text: string): HeaderLines {
  const headers: [string, string][] = []
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (!line) continue
    const colon = line.indexOf(':')
    const name = colon < 0 ? line : line.slice(0, colon).trim()
    if (colon < 0 || !TOKEN.test(name)) return { ok: false, message: `Header line ${n + 1} (“${line}”) is not “Name: value”.` }
    headers.push([name, line.slice(colon + 1).trim()])
  }
  return { ok: true, headers }
}
