// Startup CPU and bundle size (`npm run bench -- startup`): runs `wrangler check startup` (offline:
// it builds the Worker as `wrangler deploy` would and profiles its start in a local workerd)
// RUNS times and prints each run's active CPU, their median and the least. One run's profile has only
// about 20 samples, so a single figure is noisy; compare medians taken at the same machine load.
// STARTUP_PROFILE=path keeps the last run's CPU profile (open it in Chrome DevTools).
// `--compare` instead runs an empty Worker, the floor (bare Hono) and the peer (better-auth) of
// ../shared/peer-bench beside this service, interleaved, STARTUP_RUNS (default 11) runs each, and
// prints each one's median, spread and excess over the empty Worker (docs/performance.md#startup).
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { peerBench } from './server.ts'

/** Active startup CPU (ms) of the Worker whose wrangler.toml is in `cwd`, and its bundle line. */
function checkStartup(cwd: string, outfile: string): { activeMs: number; bundle: string } {
  const wrangler = resolve('node_modules/.bin/wrangler')
  const result = spawnSync(wrangler, ['check', 'startup', '--outfile', outfile], {
    cwd,
    encoding: 'utf8',
  })
  const output = `${result.stdout}${result.stderr}`
  const activeMs = output.match(/Active: ([\d.]+) ms/)?.[1]
  if (result.status !== 0 || activeMs === undefined) {
    throw new Error(`wrangler check startup failed in ${cwd}\n${output}`)
  }
  return { activeMs: Number(activeMs), bundle: output.match(/Bundle: (.*)/)?.[1]?.trim() ?? '' }
}

const medianOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

if (process.argv.includes('--compare')) {
  const runs = Number(process.env.STARTUP_RUNS ?? 11)
  const dir = mkdtempSync(join(tmpdir(), 'startup-'))
  const empty = join(dir, 'empty')
  mkdirSync(empty)
  writeFileSync(join(empty, 'index.js'), 'export default { fetch: () => new Response("") }\n')
  writeFileSync(
    join(empty, 'wrangler.toml'),
    'name = "empty"\nmain = "index.js"\ncompatibility_date = "2026-11-01"\n',
  )
  const peer = peerBench()
  const workers: Array<[string, string]> = [
    ['empty Worker', empty],
    ['floor (bare Hono)', join(peer, 'floor')],
    ['peer (better-auth)', join(peer, 'better-auth')],
    ['this service', process.cwd()],
  ]
  const active = new Map<string, number[]>(workers.map(([name]) => [name, []]))
  try {
    for (let run = 0; run < runs; run++) {
      for (const [name, cwd] of workers) {
        const { activeMs } = checkStartup(cwd, join(dir, 'profile.cpuprofile'))
        active.get(name)?.push(activeMs)
      }
      console.log(`round ${run + 1} of ${runs}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const base = medianOf(active.get('empty Worker') ?? [])
  console.log('| Worker | median ms | least–most ms | excess over the empty Worker ms |')
  console.log('|---|---|---|---|')
  for (const [name, values] of active) {
    const m = medianOf(values)
    console.log(
      `| ${name} | ${m.toFixed(1)} | ${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} | ${(m - base).toFixed(1)} |`,
    )
  }
  process.exit(0)
}

const RUNS = Number(process.env.STARTUP_RUNS ?? 5)
const dir = mkdtempSync(join(tmpdir(), 'startup-'))
const profile = join(dir, 'worker-startup.cpuprofile')
const active: number[] = []
let bundle = ''
try {
  for (let run = 0; run < RUNS; run++) {
    const result = checkStartup(process.cwd(), profile)
    bundle = result.bundle || bundle
    active.push(result.activeMs)
    console.log(`run ${run + 1}: ${result.activeMs} ms active`)
  }
  if (process.env.STARTUP_PROFILE) renameSync(profile, process.env.STARTUP_PROFILE)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
// On a busy machine the least figure is the one least inflated by other processes.
console.log(
  `bundle ${bundle}; startup active CPU of ${RUNS} runs: median ${medianOf(active).toFixed(1)} ms, least ${Math.min(...active).toFixed(1)} ms`,
)
