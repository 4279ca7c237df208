/** Runs log-filter regular expressions off the main thread, where a runaway one can be terminated (regex-scan.ts). */
import { matchTexts, type RegexRequest } from '../store/regex-scan.ts'

const scope = self as unknown as {
  postMessage(message: number[]): void
  onmessage: ((e: MessageEvent<RegexRequest>) => void) | null
}

scope.onmessage = (e) => scope.postMessage(matchTexts(e.data))
