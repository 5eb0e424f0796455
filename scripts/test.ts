// `npm test`: the checks (`npm run check`) and the three Vitest projects, all three steps at
// once. The browser project's files spend most of their time waiting on their `wrangler dev`,
// Chromium and the commands they start, and the checks are one process at a time, while the
// workers projects keep the CPU busy: one after another they took the sum (docs/testing.md).
//
// The checks' and the browser project's output is held back and printed after the workers
// projects', so the reports do not interleave. Every step runs to its end, whatever the others
// did; the exit status is the first failure's. Options after `--` go to both Vitest runs
// (`npm test -- --reporter=verbose`; give an option's value after `=`). File filters go to the run
// whose files they name: those starting with `e2e` to the browser project, the others to the
// workers projects, and a run given none while the other is given some is left out
// (`npm test -- test/api` runs the checks and the workers projects' files under test/api).
import { type ChildProcess, spawn } from 'node:child_process'
import { delimiter, join, resolve } from 'node:path'
import { shareTestArguments } from './support/test-arguments.ts'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'node_modules', '.bin')
const env = {
  ...process.env,
  PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}`,
  // Node keeps the code it compiled for the next start: wrangler alone starts about 40 times in
  // a run (the browser tests' commands), and each start then takes about a tenth less CPU.
  NODE_COMPILE_CACHE:
    process.env.NODE_COMPILE_CACHE ?? join(ROOT, 'node_modules', '.cache', 'node-compile-cache'),
}
const shared = shareTestArguments(process.argv.slice(2))

/** Resolves with the exit status (a signal counts as 1). */
const finished = (child: ChildProcess) =>
  new Promise<number>((done) => {
    child.once('error', (error) => {
      console.error(error)
      done(1)
    })
    child.once('close', (status) => done(status ?? 1))
  })

const inherit = (command: string, args: string[]) =>
  finished(spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' }))

const started = Date.now()
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`

/** A step whose output waits until `release()`; then it goes straight through. */
function held(command: string, args: string[]) {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let kept: Buffer[] | null = []
  const hold = (chunk: Buffer) => (kept ? kept.push(chunk) : process.stdout.write(chunk))
  child.stdout?.on('data', hold)
  child.stderr?.on('data', hold)
  return {
    status: finished(child),
    release() {
      if (kept) process.stdout.write(Buffer.concat(kept))
      kept = null
    },
  }
}

// The browser project first: its global setup (migrations, seed, `wrangler dev`) starts at once.
const browser =
  shared.browser === null
    ? { status: Promise.resolve(0), release() {} }
    : held('vitest', ['run', '--project', 'browser', ...shared.browser])
const checks = held('npm', ['run', 'check'])
// Two workerd for the workers projects: with one, they used one core at most while the browser
// project's files waited on their servers (docs/decisions/036-two-of-everything.md).
const workers =
  shared.workers === null
    ? 0
    : await inherit('vitest', [
        'run',
        '--project',
        'workers',
        '--project',
        'workers-fresh',
        '--maxWorkers=2',
        ...shared.workers,
      ])
console.log(
  `\n[npm test] workers projects ${shared.workers === null ? 'left out: the filters name none of their files' : `done after ${seconds()}`}; the checks:`,
)
checks.release()
const check = await checks.status
console.log(
  `\n[npm test] checks done after ${seconds()}; browser project${shared.browser === null ? ' left out: the filters name none of its files' : ':'}`,
)
browser.release()
const browserDone = await browser.status
console.log(`[npm test] all done after ${seconds()}`)

const failed = [
  check !== 0 && 'npm run check',
  workers !== 0 && 'the workers projects',
  browserDone !== 0 && 'the browser project',
].filter(Boolean)
if (failed.length > 0) console.error(`[npm test] failed: ${failed.join(', ')}`)
process.exit([check, workers, browserDone].find((status) => status !== 0) ?? 0)
