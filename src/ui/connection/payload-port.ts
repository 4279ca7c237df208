/**
 * Where a connection's payloads are decoded: a module worker in the browser. Where there are no
 * workers (Node, the tests) the same BatchDecoder runs in-process, answering on a later task as a
 * worker would.
 */
import { BatchDecoder, requestTransfer, type DecodeRequest, type PayloadBatch } from '../store/payload-batch.ts'

export interface PayloadPort {
  post(request: DecodeRequest): void
  terminate(): void
}

export type CreatePayloadPort = (received: (batch: PayloadBatch) => void) => PayloadPort

export const createPayloadWorker: CreatePayloadPort = (received) => {
  if (typeof Worker === 'undefined') return inProcessPort(received)
  const worker = new Worker(new URL('./payload.worker.ts', import.meta.url), { type: 'module', name: 'payload decoding' })
  worker.onmessage = (e: MessageEvent<PayloadBatch>) => received(e.data)
  return {
    post: (request) => worker.postMessage(request, requestTransfer(request)),
    terminate: () => worker.terminate(),
  }
}

export function inProcessPort(received: (batch: PayloadBatch) => void): PayloadPort {
  const decoder = new BatchDecoder()
  let terminated = false
  return {
    post: (request) => {
      const batch = decoder.handle(request)
      if (batch) setTimeout(() => terminated || received(batch), 0)
    },
    terminate: () => (terminated = true),
  }
}
