/**
 * The benchmark runner: `npm run bench -- [NAME...] [--quick] [--list]`. A section is one
 * file exporting a `BenchSection`, listed once in bench/run.ts (or bench/ui.ts for the
 * browser ones). Figures, never pass/fail: targets are ratios against a peer in the same run.
 */
export interface BenchContext {
  /** `--quick`: smaller inputs and fewer rounds, so every section together takes under a minute. */
  quick: boolean
  /** Prints a line at once (progress and rows as they are measured, never all at the end). */
  log: (line?: string) => void
}

export interface BenchSection {
  /** What `npm run bench -- NAME` selects. */
  name: string
  /** One line: what is measured against what. */
  title: string
  /** Expected wall time on a 2-core machine, e.g. "about 2 min" (full) and "about 10 s" (quick). */
  expected: { full: string; quick: string }
  run(ctx: BenchContext): Promise<void>
}

export const EXIT_USAGE = 2

/** Runs the sections named in `argv` (all when none is named); returns the exit status. */
export async function runBench(command: string, sections: BenchSection[], argv: string[]): Promise<number> {
  const quick = argv.includes('--quick')
  const options = argv.filter((a) => a.startsWith('-'))
  const names = argv.filter((a) => !a.startsWith('-'))
  const known = sections.map((s) => s.name)
  const list = sections.map((s) => `  ${s.name.padEnd(12)} ${s.title} (${s.expected.full}; --quick ${s.expected.quick})`).join('\n')
  const unknownOption = options.find((o) => o !== '--quick' && o !== '--list')
  if (unknownOption) {
    console.error(`${command}: unknown option ${unknownOption} (options: --quick, --list)`)
    return EXIT_USAGE
  }
  if (options.includes('--list')) {
    console.log(`Sections of ${command}:\n${list}`)
    return 0
  }
  const unknown = names.filter((n) => !known.includes(n))
  if (unknown.length) {
    console.error(`${command}: no section named ${unknown.map((n) => `"${n}"`).join(', ')}; the sections are: ${known.join(', ')}`)
    return EXIT_USAGE
  }
  const chosen = names.length ? sections.filter((s) => names.includes(s.name)) : sections
  const started = performance.now()
  for (const [i, section] of chosen.entries()) {
    if (i > 0) console.log('')
    console.log(`[${i + 1}/${chosen.length}] ${section.name}: ${section.title}`)
    console.log(`      expected to take ${quick ? section.expected.quick : section.expected.full}${quick ? ' (--quick)' : ''}\n`)
    const sectionStarted = performance.now()
    await section.run({ quick, log: (line = '') => console.log(line) })
    console.log(`\n      ${section.name} took ${seconds(performance.now() - sectionStarted)}`)
  }
  if (chosen.length > 1) console.log(`\nAll ${chosen.length} sections took ${seconds(performance.now() - started)}`)
  return 0
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** Prints an aligned table row by row: the header first, then each row as soon as it is known. */
export class LiveTable {
  private printed = false

  private readonly widths: number[]

  /** `widths`: each column's least width (a header is never cut). */
  constructor(
    private readonly headers: string[],
    widths: number[],
    private readonly log: (line?: string) => void,
  ) {
    this.widths = headers.map((h, i) => Math.max(h.length, widths[i] ?? 0))
  }

  row(cells: (string | number)[]): void {
    if (!this.printed) {
      this.log(this.line(this.headers))
      this.log(this.widths.map((w) => '-'.repeat(w)).join('  '))
      this.printed = true
    }
    this.log(this.line(cells.map(String)))
  }

  private line(cells: string[]): string {
    return cells.map((c, i) => (i === 0 ? c.padEnd(this.widths[i]) : c.padStart(this.widths[i]))).join('  ')
  }
}
