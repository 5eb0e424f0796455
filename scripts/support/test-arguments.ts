// How `npm test` (scripts/test.ts) shares out the arguments after `--` between its two Vitest
// runs: options go to both; a file filter goes to the run whose files it names (`e2e…` to the
// browser project, any other to the workers projects); a run given no filter of its own while the
// other is given some is left out (null). Tested by test/test-command.test.ts.

export interface TestArguments {
  /** The browser project's arguments, or null when it is left out. */
  browser: string[] | null
  /** The workers projects' arguments, or null when they are left out. */
  workers: string[] | null
}

export function shareTestArguments(args: readonly string[]): TestArguments {
  const options = args.filter((arg) => arg.startsWith('-'))
  const filters = args.filter((arg) => !arg.startsWith('-'))
  const browser = filters.filter((arg) => arg.startsWith('e2e'))
  const workers = filters.filter((arg) => !arg.startsWith('e2e'))
  const run = (own: string[]) =>
    filters.length > 0 && own.length === 0 ? null : [...options, ...own]
  return { browser: run(browser), workers: run(workers) }
}
