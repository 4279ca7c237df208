// The worker threads' entry from its TypeScript source, for the workers tests start (the command
// line as installed runs build/payload-worker.mjs instead).
import { register } from 'tsx/esm/api'

register()
await import('../payload-worker.ts')
