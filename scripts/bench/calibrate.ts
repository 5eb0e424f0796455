// Proves the isolate benchmark's instrument before its figures are trusted (`npm run bench --
// calibrate [--json FILE] [--rounds N] [--duration S] [--save-profiles DIR]`): ../shared/peer-bench's isolate-cpu.mjs
// (the V8 profiler through wrangler's inspector, what `bench -- isolate` runs) measures the
// calibration Worker (./calibration/worker.ts) under this project's wrangler, with the console
// relay off as `bench -- isolate` has it (there are no console lines here anyway).
//
// - `/spin?n=N` busy-loops N steps of ./calibration/spin.ts, whose CPU time Node measures here
//   with the same code: the isolate figure above `/spin?n=0` must read it 1:1.
// - `/kv` (a KV get and put) and `/d1` (one D1 query) only call bindings, whose local simulations
//   run in the same workerd but outside the Worker's isolate: they must grow the whole-process
//   figure and leave the isolate's close to `/spin?n=0`.
//
// Prints both checks with a verdict; method and the latest run in docs/performance.md#method.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { spin } from './calibration/spin.ts'
import { openInspector } from './inspector.ts'
import { runIsolateCpu } from './server.ts'

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    'save-profiles': { type: 'string' },
  },
})
const PORT = 8831
const INSPECT = 9831
const base = `http://127.0.0.1:${PORT}`
/** The spin targets' CPU, ms a request. */
const SPIN_MS = [0.25, 0.5, 1, 2]
/** Within this of 1:1, the spin reads true. */
const SPIN_TOLERANCE = 0.15
/**
 * A binding-only route's isolate growth, at most this share of its whole-process growth. What
 * it adds in the isolate is the binding's client code (its JavaScript, in workerd's
 * `cloudflare-internal:` modules), which a deployed Worker runs too; the simulation behind it
 * runs elsewhere and must not show.
 */
const BINDING_SHARE = 0.25

/** Node's CPU time for one spin step, in ns: the median of 7 timings of 5 million steps, warm. */
function nsPerStep(): number {
  const steps = 5_000_000
  for (let i = 0; i < 20; i++) spin(steps / 10)
  const timings: number[] = []
  let sink = 0
  for (let i = 0; i < 7; i++) {
    const before = process.cpuUsage()
    sink ^= spin(steps)
    const used = process.cpuUsage(before)
    timings.push(((used.user + used.system) * 1000) / steps)
  }
  if (sink === 0.5) console.log(sink) // never: keeps the result alive
  return timings.sort((a, b) => a - b)[3] ?? Number.NaN
}

const ns = nsPerStep()
const spins = [0, ...SPIN_MS.map((ms) => Math.round((ms * 1e6) / ns))]
console.error(`  Node: ${ns.toFixed(3)} ns a spin step; steps ${spins.join(', ')}`)

const state = mkdtempSync(join(tmpdir(), 'bench-calibration-'))
const server = spawn(
  'wrangler',
  [
    'dev',
    '--config',
    'scripts/bench/calibration/wrangler.toml',
    '--ip',
    '127.0.0.1',
    '--port',
    String(PORT),
    '--inspector-port',
    String(INSPECT),
    '--persist-to',
    state,
    '--log-level',
    'warn',
  ],
  {
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', X_LOCAL_OBSERVABILITY: 'false' },
  },
)
const stop = () => {
  try {
    if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM')
  } catch {}
  rmSync(state, { recursive: true, force: true })
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    stop()
    process.exit(130)
  })

interface Run {
  target: string
  round: number
  profiled: boolean
  isolate_ms_per_req: number
  runtime_ms_per_req: number
  sampler_thread_ms_per_req: number
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y)
  const middle = sorted.length >> 1
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

try {
  let ready = false
  for (let i = 0; i < 180 && !ready; i++) {
    try {
      ready = (await fetch(`${base}/spin?n=0`)).ok
    } catch {}
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 500))
  }
  if (!ready) throw new Error('the calibration Worker did not start in 90 s')
  // The same relay state as `bench -- isolate` (decision 037): Runtime off on wrangler's session.
  const session = await openInspector(INSPECT)
  await session.call('Runtime.disable')
  session.close()
  // Every spin size compiled and warm before the first profiled window: the steady state is what
  // is calibrated, not V8's tiering up in the first requests of a size.
  for (const n of spins)
    for (let i = 0; i < 100; i++) await (await fetch(`${base}/spin?n=${n}`)).text()

  const targets = [
    ...spins.map((n) => `spin ${n}=GET ${base}/spin?n=${n} inspect=${INSPECT}`),
    `kv get and put=GET ${base}/kv inspect=${INSPECT}`,
    `d1 query=GET ${base}/d1 inspect=${INSPECT}`,
  ]
  const json = values.json ?? join(state, 'calibration.json')
  const status = runIsolateCpu(targets, {
    rounds: values.rounds,
    duration: values.duration,
    json,
    saveProfiles: values['save-profiles'],
  })
  if (status !== 0) throw new Error('isolate-cpu.mjs failed')
  // Each profiled window against the same round's /spin?n=0, then the median over the rounds: a
  // window in which workerd ran the loop slower (its own CPU rose with the isolate's) does not
  // decide alone.
  const runs = (JSON.parse(readFileSync(json, 'utf8')) as { runs: Run[] }).runs.filter(
    (run) => run.profiled,
  )
  const growth = (name: string, of: (run: Run) => number) =>
    median(
      runs
        .filter((run) => run.target === name)
        .map((run) => {
          const zero = runs.find((one) => one.target === 'spin 0' && one.round === run.round)
          return zero ? of(run) - of(zero) : Number.NaN
        }),
    )
  const isolate = (run: Run) => run.isolate_ms_per_req
  // The runtime workerd's CPU in the same window, without the profiler's sampling thread.
  const runtime = (run: Run) => run.runtime_ms_per_req - run.sampler_thread_ms_per_req
  const f = (n: number) => n.toFixed(3)
  const lines = [
    '',
    "Busy loop: the isolate figure above /spin?n=0 against Node's time for the same steps",
    "(medians over the rounds; the last column: the same growth in the runtime workerd's own CPU,",
    "the profiler's sampling thread left out)",
    '',
    '| steps | Node, ms | isolate − spin 0, ms | ratio | 1:1 within 15 % | runtime workerd − spin 0, ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...spins.slice(1).map((n) => {
      const expected = (n * ns) / 1e6
      const measured = growth(`spin ${n}`, isolate)
      const ratio = measured / expected
      return `| ${n} | ${f(expected)} | ${f(measured)} | ${ratio.toFixed(2)} | ${Math.abs(ratio - 1) <= SPIN_TOLERANCE ? 'yes' : 'no'} | ${f(growth(`spin ${n}`, runtime))} |`
    }),
    '',
    'Binding-only routes: growth over /spin?n=0, the isolate against the runtime workerd (medians)',
    '',
    '| route | isolate growth, ms | runtime workerd growth, ms | isolate share | at most 25 % |',
    '| --- | --- | --- | --- | --- |',
    ...['kv get and put', 'd1 query'].map((name) => {
      const inIsolate = growth(name, isolate)
      const inRuntime = growth(name, runtime)
      const share = inIsolate / inRuntime
      return `| ${name} | ${f(inIsolate)} | ${f(inRuntime)} | ${(share * 100).toFixed(0)} % | ${inRuntime > 0 && share <= BINDING_SHARE ? 'yes' : 'no'} |`
    }),
  ]
  console.log(lines.join('\n'))
} finally {
  stop()
}
