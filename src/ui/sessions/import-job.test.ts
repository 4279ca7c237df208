import 'fake-indexeddb/auto'
import { readFileSync } from 'node:fs'
import { IDBFactory } from 'fake-indexeddb'
import { describe, expect, it } from 'vitest'
import { importFile } from '../../importers/index.ts'
import { SessionDb } from '../persistence/session-db.ts'
import { runImport, type ImportProgress, type ImportReport } from './import-job.ts'

const fixture = (name: string) => new File([readFileSync(new URL(`../../importers/testdata/${name}`, import.meta.url))], name)

describe('an import as the worker runs it', () => {
  it('reads a capture, saves its sessions and reports every connection', async () => {
    const db = await SessionDb.open(new IDBFactory())
    const progress: ImportProgress[] = []
    const { report, unsaved } = await runImport(
      fixture('ws-deflate.pcapng'),
      async () => db,
      (p) => progress.push(p),
    )
    expect(report).toMatchObject({
      fileName: 'ws-deflate.pcapng',
      format: 'pcapng',
      errors: [],
      warnings: ['1 pcapng block of type 0x00000005 skipped (not packet data)'],
    })
    expect(report.connections.map((c) => c.kind)).toEqual(['websocket'])
    expect(unsaved).toEqual([])
    const [imported] = report.sessions
    expect(imported.messages).toBe(14)
    const saved = await db.load(imported.key!)
    const { sessions } = importFile(new Uint8Array(await fixture('ws-deflate.pcapng').arrayBuffer()))
    expect(saved).toEqual({ ...sessions[0], info: { ...sessions[0].info, id: saved!.info.id } })
    const size = report.fileSize
    const saving = progress.filter((p) => p.phase === 'saving')
    expect(progress[progress.indexOf(saving[0]) - 1]).toEqual({ phase: 'reading', done: size, total: size })
    expect(saving.map((p) => p.done)).toEqual([0, saving[0].total])
    expect(saving[0].total).toBeGreaterThan(0)
  })

  it('hands over the report as soon as parsing ends, while the sessions are still being saved', async () => {
    const db = await SessionDb.open(new IDBFactory())
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const saving = Object.assign(Object.create(db) as SessionDb, {
      save: async (...args: Parameters<SessionDb['save']>) => {
        await held
        return db.save(...args)
      },
    })
    const parsed: ImportReport[] = []
    const finished = runImport(
      fixture('ws-deflate.pcapng'),
      async () => saving,
      () => {},
      (report) => parsed.push(report),
    )
    await expect.poll(() => parsed.length).toBe(1)
    expect(parsed[0]).toMatchObject({ fileName: 'ws-deflate.pcapng', saveSeconds: null, sessions: [{ messages: 14, key: null }] })
    expect(await db.list()).toEqual([])
    release()
    const { report } = await finished
    expect(report.saveSeconds).toBeGreaterThanOrEqual(0)
    expect(report.sessions[0].key).toEqual(expect.any(String))
    expect((await db.list()).map((s) => s.key)).toEqual([report.sessions[0].key])
  })

  it('keeps what a corrupt capture held before the problem, and says where it is', async () => {
    const db = await SessionDb.open(new IDBFactory())
    const { report } = await runImport(
      fixture('bad-block-length.pcapng'),
      async () => db,
      () => {},
    )
    expect(report.errors.map((e) => e.message)).toEqual(['pcapng enhanced packet block at byte 1,508: block length 8 is shorter than the 12-byte minimum'])
    expect((await db.list()).map((s) => s.counts.messages)).toEqual([2])
  })

  it('hands back the sessions it could not save, with the reason', async () => {
    const { report, unsaved } = await runImport(
      fixture('chrome.har'),
      () => Promise.reject(new Error('quota')),
      () => {},
    )
    expect(report.errors.map((e) => e.message)).toEqual(["the sessions could not be saved: the browser's storage is not available (Error: quota)"])
    expect(report.sessions.map((s) => s.key)).toEqual([null])
    expect(unsaved.map((s) => s.messages.length)).toEqual([7])
  })
})
