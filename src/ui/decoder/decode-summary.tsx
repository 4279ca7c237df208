import { ProgressBar } from '../components/progress-bar.tsx'
import { useDecoderInputStore } from './decoder-input-store.ts'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { missingText, ratioText, summarize } from './result-views.ts'
import { formatByteCount, formatCount } from '../components/format.ts'

/** What was recognised and what the decode found, in a few lines; progress while a worker runs. */
export function DecodeSummary() {
  return (
    <div className="decode-summary" aria-live="polite">
      <DecodeProgress />
      <InputStatus />
      <ResultStatus />
      <LinkStatus />
    </div>
  )
}

function DecodeProgress() {
  const status = useDecoderResultStore((s) => s.status)
  const progress = useDecoderResultStore((s) => s.progress)
  const failure = useDecoderResultStore((s) => s.failure)
  if (failure) return <p className="error">{failure}</p>
  if (status !== 'decoding' || !progress) return null
  const text =
    progress.phase === 'reading'
      ? 'Reading the input…'
      : progress.phase === 'decoding'
        ? `Decoding… ${Math.round(progress.fraction * 100)}%`
        : 'Making the link…'
  return <ProgressBar label="Decoding" fraction={progress.phase === 'reading' ? null : progress.fraction} text={text} />
}

function InputStatus() {
  const output = useDecoderResultStore((s) => s.output)
  const from = useDecoderInputStore((s) => s.from)
  if (!output) return null
  if (output.inputError)
    return (
      <p className="error" role="alert">
        Cannot read the input: {output.inputError.message}
      </p>
    )
  if (!output.input) return <p className="muted">Paste bytes: hex in any spelling, 0x lists, xxd / hexdump -C / Wireshark hex dumps, or base64.</p>
  return (
    <p>
      Recognised <strong data-testid="recognised-format">{output.input.detail}</strong>: {output.input.byteLength.toLocaleString('en')} bytes,{' '}
      {from === 'client' ? 'client → server' : 'server → client'}
      {output.capture?.deflate ? ', permessage-deflate' : ''}
    </p>
  )
}

function ResultStatus() {
  const output = useDecoderResultStore((s) => s.output)
  if (!output?.capture) return null
  const capture = output.capture
  const s = summarize(output, capture)
  const problems = s.errors ? `${s.errors} protocol error` : 'no protocol errors'
  return (
    <>
      <p data-testid="decode-counts">
        {formatCount(s.frames)} frame{s.frames === 1 ? '' : 's'}, {formatCount(s.messages)} message{s.messages === 1 ? '' : 's'},{' '}
        <span className={s.errors ? 'error' : 'ok'}>{problems}</span>
        {s.warnings ? `, ${formatCount(s.warnings)} warning${s.warnings === 1 ? '' : 's'}` : ''}
      </p>
      {capture.truncated && <p className="error">{missingText(capture.missingBytes)}</p>}
      {s.undecoded > 0 && !capture.truncated && (
        <p className="muted">
          {formatByteCount(s.undecoded)} after byte {formatCount(capture.consumed)} are not decoded:{' '}
          {capture.error ? 'an endpoint fails the connection at the error' : 'nothing follows a Close frame'}.
        </p>
      )}
      {s.compressed.count > 0 && (
        <p>
          {s.compressed.count} compressed message{s.compressed.count === 1 ? '' : 's'}: {ratioText(s.compressed.wire, s.compressed.data)}
        </p>
      )}
    </>
  )
}

function LinkStatus() {
  const problem = useDecoderResultStore((s) => s.output?.link.problem ?? null)
  const loadProblem = useDecoderInputStore((s) => s.linkProblem)
  return (
    <>
      {loadProblem && <p className="error">{loadProblem}</p>}
      {problem ? <p className="warn">{problem}</p> : null}
    </>
  )
}
