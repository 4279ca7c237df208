// The command line's entry from its TypeScript source, for worker threads the tests start (the
// command line as installed runs its bundle's entry instead).
import { register } from 'tsx/esm/api'

register()
await import('../run.ts')
