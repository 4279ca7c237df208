/**
 * What the companion server's wire tap reports about each tapped connection, beyond messages
 * and frames: the handshake exactly as sent and received with every RFC check, the
 * negotiated compression, protocol findings, Ping round trips and control results.
 */
import { create } from 'zustand'
import type { DeflateParams, Finding, HandshakeReport } from '../../protocol/index.ts'
import type { HoldAction, MessageMark, RulesEvent } from '../../shared/capture-api.ts'
import type { Sender } from './message-store.ts'

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
  /** Messages a break rule holds, per connection, oldest first. */
  held: Record<string, HeldMessage[]>
  /** The server's rules and hold settings (one list for every connection), once known. */
  rules: Omit<RulesEvent, 'type' | 't'> | null
}

export interface HeldMessage {
  holdId: string
  sender: Sender
  messageType: 'text' | 'binary'
  /** The message as it would go on (replace rules before the break applied). */
  data: Uint8Array
  rule: number | null
  expiresAt: number | null
}

/** What the inspector may do with a held message. */
export type HeldAction = HoldAction

export interface OutcomeRecord {
  mark: MessageMark
  reason: string
}

export const useTapStore = create<TapState>()(() => ({ handshakes: {}, pongs: {}, findings: {}, autoPong: {}, lastResult: {}, held: {}, rules: null }))

/** Appends to a per-connection list in the tap store. */
export function pushTap<K extends 'pongs' | 'findings'>(key: K, id: string, item: TapState[K][string][number]): void {
  useTapStore.setState((s) => ({ [key]: { ...s[key], [id]: [...(s[key][id] ?? []), item] } }) as Partial<TapState>)
}

export function setTap<K extends 'handshakes' | 'findings' | 'autoPong' | 'lastResult' | 'held'>(key: K, id: string, value: TapState[K][string]): void {
  useTapStore.setState((s) => ({ [key]: { ...s[key], [id]: value } }) as Partial<TapState>)
}

/** The server's rules changed (or were announced on connecting). */
export function setRules(e: RulesEvent): void {
  useTapStore.setState({ rules: { rules: e.rules, holdTimeoutMs: e.holdTimeoutMs, holdTimeoutAction: e.holdTimeoutAction } })
}

/** The permessage-deflate parameters the tap decoded the connection with, or null. */
export const useTapDeflate = (id: string) => useTapStore((s) => s.handshakes[id]?.deflate ?? null)
