/**
 * A finding is a value, never an exception: like a Wireshark expert item it has a stable
 * code, a severity, the RFC section that states the rule, the close code a conforming
 * endpoint would send (null when the rule does not fail the connection) and a byte range.
 */
export type Severity = 'error' | 'warning' | 'info'

export interface Finding {
  /** Stable identifier, e.g. `frame.reserved-opcode`; safe to match on in code and tests. */
  code: string
  severity: Severity
  /** 1002, 1007, 1009… for errors that fail the connection; null otherwise. */
  closeCode: number | null
  /** e.g. `RFC 6455 §5.2`. */
  rfc: string
  message: string
  /** Byte offset in the input (the stream for frame findings, the text for parse findings). */
  offset: number
  /** Length of the byte range the finding is about (0 when it is about a position). */
  length: number
}

export function finding(
  code: string,
  severity: Severity,
  closeCode: number | null,
  rfc: string,
  message: string,
  offset = 0,
  length = 0,
): Finding {
  return { code, severity, closeCode, rfc, message, offset, length }
}
