/**
 * What the companion server's wire tap reports about each tapped connection, beyond messages
 * and frames: the handshake exactly as sent and received with every RFC check, the
 * negotiated compression, protocol findings, Ping round trips and control results.
 */
import { create } from 'zustand'
import type { DeflateParams, Finding, HandshakeReport } from '../../protocol/index.ts'
import type { Sender } from '../store/message-store.ts'

export interface TapHandshake {
  report: HandshakeReport
  /** The header blocks as they crossed the tap. */
  requestText: string
  responseText: string
  deflate: DeflateParams | null
}

export interface PongRecord {
  t: number
  from: Sender
  rttMs: number
  payloadHex: string
}

export interface TapFinding {
  t: number
  sender: Sender
  finding: Finding
}

interface TapState {
  handshakes: Record<string, TapHandshake>
  pongs: Record<string, PongRecord[]>
  findings: Record<string, TapFinding[]>
  /** Whether the tap lets the client's Pongs through (auto-pong); absent = on. */
  autoPong: Record<string, boolean>
  /** The last control command's outcome, in words. */
  lastResult: Record<string, { ok: boolean; message: string }>
}

export const useTapStore = create<TapState>()(() => ({ handshakes: {}, pongs: {}, findings: {}, autoPong: {}, lastResult: {} }))

/** Appends to a per-connection list in the tap store. */
export function pushTap<K extends 'pongs' | 'findings'>(key: K, id: string, item: TapState[K][string][number]): void {
  useTapStore.setState((s) => ({ [key]: { ...s[key], [id]: [...(s[key][id] ?? []), item] } }) as Partial<TapState>)
}

export function setTap<K extends 'handshakes' | 'findings' | 'autoPong' | 'lastResult'>(key: K, id: string, value: TapState[K][string]): void {
  useTapStore.setState((s) => ({ [key]: { ...s[key], [id]: value } }) as Partial<TapState>)
}

/** The permessage-deflate parameters the tap decoded the connection with, or null. */
export const useTapDeflate = (id: string) => useTapStore((s) => s.handshakes[id]?.deflate ?? null)
