/** Decodes a connection's payloads off the main thread (payload-batch.ts): requests in, batches out. */
import { BatchDecoder, payloadBatchTransfer, type DecodeRequest, type PayloadBatch } from '../store/payload-batch.ts'

const scope = self as unknown as {
  postMessage(message: PayloadBatch, transfer: Transferable[]): void
  onmessage: ((e: MessageEvent<DecodeRequest>) => void) | null
}
const decoder = new BatchDecoder()

scope.onmessage = (e) => {
  const batch = decoder.handle(e.data)
  if (batch) scope.postMessage(batch, payloadBatchTransfer(batch))
}
