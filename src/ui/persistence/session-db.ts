/**
 * Saved sessions in IndexedDB, with the raw API: a `sessions` store of metadata (small, listed
 * at once) and a `chunks` store of each session's messages, frames, events and findings in
 * chunks (session-chunks.ts), keyed [sessionKey, kind, index] so one key range reads or deletes
 * a session's chunks in order. A session and its chunks are written in one transaction: a
 * reload or a crash never leaves half a session. Runs in the page and in the import worker;
 * the tests give it fake-indexeddb's factory.
 */
import type { Session, SessionInfo } from '../../shared/session.ts'
import { CHUNK_KINDS, chunkSession, unchunkSession, type ChunkKind, type SessionChunk } from './session-chunks.ts'

export const DB_NAME = 'wsinspect'
/** Bump with a new entry in MIGRATIONS; never edit a shipped one. */
export const DB_VERSION = 1
/** The layout of the records themselves (session-chunks.ts), stored with each session. */
export const RECORD_FORMAT = 1

const SESSIONS = 'sessions'
const CHUNKS = 'chunks'

/** Schema steps: MIGRATIONS[v] takes a database from version v to v + 1. */
const MIGRATIONS: ((db: IDBDatabase) => void)[] = [
  (db) => {
    db.createObjectStore(SESSIONS, { keyPath: 'key' })
    db.createObjectStore(CHUNKS, { keyPath: ['sessionKey', 'kind', 'index'] })
  },
]

export interface SavedSession {
  /** The record's own key: a session imported twice (the same info.id) is saved twice. */
  key: string
  info: SessionInfo
  savedAt: number
  counts: Record<ChunkKind, number>
  chunkCounts: Record<ChunkKind, number>
  /** Bytes the session's chunks hold. */
  bytes: number
  format: number
}

type ChunkRecord = SessionChunk & { sessionKey: string; index: number }

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('the transaction was aborted'))
  })
}

/** All of a session's chunks, or those of one kind: arrays sort after strings, so [key, []] ends the range. */
const chunkRange = (key: string, kind?: ChunkKind) => (kind ? IDBKeyRange.bound([key, kind], [key, kind, []]) : IDBKeyRange.bound([key], [key, []]))

export class SessionDb {
  constructor(private readonly db: IDBDatabase) {}

  static async open(factory: IDBFactory = indexedDB): Promise<SessionDb> {
    const request = factory.open(DB_NAME, DB_VERSION)
    request.onupgradeneeded = (e) => {
      for (let v = e.oldVersion; v < DB_VERSION; v++) MIGRATIONS[v](request.result)
    }
    const db = await done(request)
    // Another tab wants a newer schema: step aside rather than block its upgrade.
    db.onversionchange = () => db.close()
    return new SessionDb(db)
  }

  /** Saves (or, with the key of a saved one, replaces) a session; returns its metadata. */
  async save(session: Session, key: string = crypto.randomUUID()): Promise<SavedSession> {
    const { chunks, counts, chunkCounts, bytes } = chunkSession(session)
    const saved: SavedSession = { key, info: session.info, savedAt: Date.now(), counts, chunkCounts, bytes, format: RECORD_FORMAT }
    const tx = this.db.transaction([SESSIONS, CHUNKS], 'readwrite')
    const store = tx.objectStore(CHUNKS)
    // A replaced session may have had more chunks than the new one.
    store.delete(chunkRange(key))
    const next: Record<ChunkKind, number> = { messages: 0, frames: 0, events: 0, findings: 0 }
    for (const chunk of chunks) store.put({ ...chunk, sessionKey: key, index: next[chunk.kind]++ } satisfies ChunkRecord)
    tx.objectStore(SESSIONS).put(saved)
    await committed(tx)
    return saved
  }

  /** Every saved session's metadata, newest first. */
  async list(): Promise<SavedSession[]> {
    const all = await done(this.db.transaction(SESSIONS).objectStore(SESSIONS).getAll() as IDBRequest<SavedSession[]>)
    return all.sort((a, b) => b.savedAt - a.savedAt)
  }

  async load(key: string): Promise<Session | null> {
    const tx = this.db.transaction([SESSIONS, CHUNKS])
    const saved = done(tx.objectStore(SESSIONS).get(key) as IDBRequest<SavedSession | undefined>)
    const chunks = CHUNK_KINDS.map((kind) => done(tx.objectStore(CHUNKS).getAll(chunkRange(key, kind)) as IDBRequest<ChunkRecord[]>))
    const meta = await saved
    if (!meta) return null
    return unchunkSession(meta.info, (await Promise.all(chunks)).flat())
  }

  async rename(key: string, name: string): Promise<SavedSession | null> {
    const tx = this.db.transaction(SESSIONS, 'readwrite')
    const store = tx.objectStore(SESSIONS)
    const saved = await done(store.get(key) as IDBRequest<SavedSession | undefined>)
    if (!saved) return null
    const renamed = { ...saved, info: { ...saved.info, name } }
    store.put(renamed)
    await committed(tx)
    return renamed
  }

  async remove(key: string): Promise<void> {
    const tx = this.db.transaction([SESSIONS, CHUNKS], 'readwrite')
    tx.objectStore(SESSIONS).delete(key)
    tx.objectStore(CHUNKS).delete(chunkRange(key))
    await committed(tx)
  }

  close(): void {
    this.db.close()
  }
}

let shared: Promise<SessionDb> | null = null

/** This context's connection to the browser's database, opened on first use. */
export function sessionDb(): Promise<SessionDb> {
  shared ??= SessionDb.open().catch((e: unknown) => {
    shared = null
    throw e
  })
  return shared
}
