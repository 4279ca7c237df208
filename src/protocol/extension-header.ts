import { finding, type Finding } from './findings.ts'

/** One element of a Sec-WebSocket-Extensions list: `name; param; param=value`. */
export interface ExtensionOffer {
  name: string
  /** Parameter values as written (quotes removed); a parameter with no value is `true`. */
  params: Record<string, string | true>
  /** Parameter names in order, including repeats (a repeated name is a negotiation error). */
  paramOrder: string[]
}

export interface ParsedExtensions {
  extensions: ExtensionOffer[]
  findings: Finding[]
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * Parses a Sec-WebSocket-Extensions value (RFC 6455 §9.1 grammar). Several header lines
 * are joined with "," by the caller. Syntax errors are findings; what parses is kept.
 */
export function parseExtensionsHeader(value: string): ParsedExtensions {
  const extensions: ExtensionOffer[] = []
  const findings: Finding[] = []
  const bad = (message: string) => findings.push(finding('extensions.syntax', message))

  for (const element of splitOutsideQuotes(value, ',')) {
    if (element.trim() === '') continue
    const [head, ...rawParams] = splitOutsideQuotes(element, ';')
    const name = (head ?? '').trim()
    if (!TOKEN.test(name)) {
      bad(`"${name}" is not a valid extension name (a token is required)`)
      continue
    }
    const offer: ExtensionOffer = { name, params: {}, paramOrder: [] }
    for (const raw of rawParams) {
      const eq = raw.indexOf('=')
      const key = (eq < 0 ? raw : raw.slice(0, eq)).trim()
      if (!TOKEN.test(key)) {
        bad(`extension ${name}: "${raw.trim()}" is not a valid parameter`)
        continue
      }
      let paramValue: string | true = true
      if (eq >= 0) {
        let v = raw.slice(eq + 1).trim()
        if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
          v = v.slice(1, -1).replace(/\\(.)/g, '$1')
        }
        if (!TOKEN.test(v)) {
          bad(`extension ${name}: parameter ${key} has an invalid value "${v}" (RFC 6455 §9.1 requires a token)`)
          continue
        }
        paramValue = v
      }
      offer.paramOrder.push(key)
      offer.params[key] = paramValue
    }
    extensions.push(offer)
  }
  return { extensions, findings }
}

/** Splits on a separator that is not inside a quoted-string. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = []
  let start = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\\' && quoted) i++
    else if (c === '"') quoted = !quoted
    else if (c === separator && !quoted) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}
