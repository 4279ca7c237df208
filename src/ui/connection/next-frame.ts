/**
 * Runs a callback once, at the next animation frame — or after FALLBACK_MS when frames do
 * not come (requestAnimationFrame stops in hidden tabs, and does not exist in tests).
 */
const FALLBACK_MS = 200

export function onNextFrame(callback: () => void): void {
  let done = false
  const run = () => {
    if (done) return
    done = true
    clearTimeout(timer)
    callback()
  }
  const timer = setTimeout(run, FALLBACK_MS)
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run)
}
