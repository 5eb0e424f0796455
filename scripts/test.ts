// `npm test`: the checks (`npm run check`) and the three Vitest projects, with the `browser`
// project running beside the rest instead of after it. Its files spend most of their time waiting
// on their `wrangler dev`, Chromium and the commands they start, while the checks and the workers
// projects keep the CPU busy: one after another they took the sum of both (docs/testing.md).
//
// The browser project's output is held back and printed after the rest, so the two reports do
// not interleave. Every step runs to its end, whatever the others did; the exit status is the
// first failure's. Arguments after `--` go to both Vitest runs (`npm test -- --reporter=verbose`).
import { type ChildProcess, spawn } from 'node:child_process'
import { delimiter, join, resolve } from 'node:path'

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
const extra = process.argv.slice(2)

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

// The browser project first: its global setup (migrations, seed, `wrangler dev`) starts at once.
const browser = spawn('vitest', ['run', '--project', 'browser', ...extra], {
  cwd: ROOT,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
})
/** Its output so far, until the rest is done; then null, and the output goes straight through. */
let heldBack: Buffer[] | null = []
const hold = (chunk: Buffer) => (heldBack ? heldBack.push(chunk) : process.stdout.write(chunk))
browser.stdout?.on('data', hold)
browser.stderr?.on('data', hold)
const browserStatus = finished(browser)

const check = await inherit('npm', ['run', 'check'])
// Two workerd for the workers projects: with one, they used one core at most while the browser
// project's files waited on their servers (docs/decisions/036-two-of-everything.md).
const workers = await inherit('vitest', [
  'run',
  '--project',
  'workers',
  '--project',
  'workers-fresh',
  '--maxWorkers=2',
  ...extra,
])
console.log(`\n[npm test] checks and workers projects done after ${seconds()}; browser project:`)
process.stdout.write(Buffer.concat(heldBack))
heldBack = null
const browserDone = await browserStatus
console.log(`[npm test] all done after ${seconds()}`)

const failed = [
  check !== 0 && 'npm run check',
  workers !== 0 && 'the workers projects',
  browserDone !== 0 && 'the browser project',
].filter(Boolean)
if (failed.length > 0) console.error(`[npm test] failed: ${failed.join(', ')}`)
process.exit([check, workers, browserDone].find((status) => status !== 0) ?? 0)
