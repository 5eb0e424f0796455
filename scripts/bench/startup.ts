// Startup CPU and bundle size (`npm run bench -- startup`): runs `wrangler check startup` (offline:
// it builds the Worker as `wrangler deploy` would and profiles its start in a local workerd)
// RUNS times and prints each run's active CPU, their median and the least. One run's profile has only
// about 20 samples, so a single figure is noisy; compare medians taken at the same machine load.
// STARTUP_PROFILE=path keeps the last run's CPU profile (open it in Chrome DevTools).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const RUNS = Number(process.env.STARTUP_RUNS ?? 5)
const dir = mkdtempSync(join(tmpdir(), 'startup-'))
const profile = join(dir, 'worker-startup.cpuprofile')
const active: number[] = []
let bundle = ''
try {
  for (let run = 0; run < RUNS; run++) {
    const result = spawnSync('npx', ['wrangler', 'check', 'startup', '--outfile', profile], {
      encoding: 'utf8',
    })
    const output = `${result.stdout}${result.stderr}`
    const activeMs = output.match(/Active: ([\d.]+) ms/)?.[1]
    if (result.status !== 0 || activeMs === undefined) {
      throw new Error(`wrangler check startup failed\n${output}`)
    }
    bundle = output.match(/Bundle: (.*)/)?.[1]?.trim() ?? bundle
    active.push(Number(activeMs))
    console.log(`run ${run + 1}: ${activeMs} ms active`)
  }
  if (process.env.STARTUP_PROFILE) renameSync(profile, process.env.STARTUP_PROFILE)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
const sorted = [...active].sort((a, b) => a - b)
const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
// On a busy machine the least figure is the one least inflated by other processes.
console.log(
  `bundle ${bundle}; startup active CPU of ${RUNS} runs: median ${median.toFixed(1)} ms, least ${sorted[0]?.toFixed(1)} ms`,
)
