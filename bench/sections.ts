/**
 * Runs the benchmark sections named on the command line (any section whose name contains one
 * of the words), or all of them, one after the other.
 */
export async function runSections(sections: [string, () => Promise<void>][], words = process.argv.slice(2)): Promise<void> {
  const chosen = sections.filter(([name]) => words.length === 0 || words.some((word) => name.includes(word)))
  for (const [i, [, run]] of chosen.entries()) {
    if (i > 0) console.log('\n')
    await run()
  }
}
