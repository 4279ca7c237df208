import type { CaptureEvent } from '../shared/capture-api.ts'
import type { HandshakeReport } from '../protocol/index.ts'
import { isSecretField, redactFieldValue, redactFields, redactHttpHead, redactRequest, redactResponse, redactUrl } from '../shared/redact.ts'

/**
 * A captures API event with its credentials replaced (see shared/redact.ts): what subscribers
 * get unless they asked for secrets in `subscribe`. The tap relays everything unchanged; only
 * what is reported about it is redacted. Payloads are the application's data and stay as is.
 */
export function redactCaptureEvent(event: CaptureEvent): CaptureEvent {
  switch (event.type) {
    case 'hello':
      return { ...event, captures: event.captures.map((c) => ({ ...c, target: redactUrl(c.target) })) }
    case 'capture-started':
      return { ...event, target: redactUrl(event.target) }
    case 'handshake': {
      const { report } = event
      return {
        ...event,
        report: redactReport(report),
        requestText: redactHttpHead(event.requestText),
        responseText: redactHttpHead(event.responseText),
      }
    }
    case 'upstream-error':
      return event.status ? { ...event, status: { ...event.status, headers: redactFields(event.status.headers) } } : event
    default:
      return event
  }
}

/** The report's request and response redacted, and the checks' words too (they quote the URI and fields). */
function redactReport(report: HandshakeReport): HandshakeReport {
  const replaced: [string, string][] = []
  const fields = [...(report.request?.headers ?? []), ...(report.response?.headers ?? [])]
  for (const [name, value] of fields) if (isSecretField(name) && value) replaced.push([value, redactFieldValue(name, value)])
  if (report.request?.url) replaced.push([report.request.url, redactUrl(report.request.url)])
  const scrub = (text: string) => replaced.reduce((out, [secret, safe]) => (secret === safe ? out : out.split(secret).join(safe)), text)
  return {
    ...report,
    request: report.request && redactRequest(report.request),
    response: report.response && redactResponse(report.response),
    checks: report.checks.map((c) =>
      c.detail === undefined ? { ...c, message: scrub(c.message) } : { ...c, message: scrub(c.message), detail: scrub(c.detail) },
    ),
  }
}
