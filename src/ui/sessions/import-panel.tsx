import { useRef, useState, type DragEvent } from 'react'
import { formatBytes } from '../components/format.ts'
import { ProgressBar } from '../components/progress-bar.tsx'
import { cancelImport, startImport } from './import-runner.ts'
import { useImportStore } from './import-store.ts'

/** The drop zone and the file picker: pcap, pcapng, HAR or wsinspect JSON, parsed in a worker. */
export function ImportPanel() {
  const input = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)
  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setOver(false)
    const file = e.dataTransfer.files[0]
    if (file) startImport(file)
  }
  return (
    <section
      className={`drop-zone${over ? ' over' : ''}`}
      aria-label="Import a capture"
      onDragOver={(e) => {
        e.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>
        Drop a <strong>pcap</strong>, <strong>pcapng</strong>, <strong>HAR</strong> or <strong>wsinspect JSON</strong> file here, or{' '}
        <button type="button" className="primary" onClick={() => input.current?.click()}>
          Import file…
        </button>
      </p>
      <p className="muted small">Each WebSocket connection becomes a saved session; TLS connections are listed too. Files are read in this browser only.</p>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Import file"
        accept=".pcap,.pcapng,.cap,.har,.json,application/vnd.tcpdump.pcap,application/json"
        onChange={(e) => {
          const file = e.target.files?.[0]
          if (file) startImport(file)
          e.target.value = ''
        }}
      />
      <ImportProgress />
    </section>
  )
}

function ImportProgress() {
  const status = useImportStore((s) => s.status)
  const progress = useImportStore((s) => s.progress)
  const fileName = useImportStore((s) => s.fileName)
  // Saving shows in the import report, which is there by then.
  if (status !== 'running' || progress?.phase !== 'reading') return null
  const what = `Reading ${fileName}: ${formatBytes(progress.done)} of ${formatBytes(progress.total)}`
  return (
    <ProgressBar label="Import progress" fraction={progress.total ? progress.done / progress.total : null} text={what}>
      <button type="button" onClick={cancelImport}>
        Cancel
      </button>
    </ProgressBar>
  )
}
