// Vitest's global setup: tests that run `bin/wsinspect.mjs` as a process get a command line
// built from the current sources, rebuilt once here rather than by each process at once.
import { buildCliBundle, cliBundleIsStale } from './cli-bundle.mjs'

export default async function setup() {
  if (cliBundleIsStale()) await buildCliBundle()
}
