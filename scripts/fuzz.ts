// A long bad-input campaign (`npm run fuzz -- --runs 100000 [--seed N]`): the property suites
// test/http/bad-input.properties.test.ts and bad-input-api.properties.test.ts (spread over every
// POST route) and
// test/identity/normalize.properties.test.ts (each property), run by Vitest in workerd with more runs
// than `npm test` gives them. Without --seed a random one is drawn; it is printed first, so a
// failing campaign can be replayed exactly.
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    seed: { type: 'string' },
  },
})
const runs = Number(values.runs)
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed)
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed N]')
  process.exit(2)
}

const root = resolve(import.meta.dirname, '..')
console.log(
  `fuzz: ${runs} runs, seed ${seed} (replay with: npm run fuzz -- --runs ${runs} --seed ${seed})`,
)
const started = Date.now()
const result = spawnSync(
  join(root, 'node_modules', '.bin', 'vitest'),
  [
    'run',
    '--project',
    'workers',
    'test/http/bad-input.properties.test.ts',
    'test/http/bad-input-api.properties.test.ts',
    'test/identity/normalize.properties.test.ts',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed) },
  },
)
const minutes = ((Date.now() - started) / 60_000).toFixed(1)
console.log(
  `fuzz: ${runs} runs, seed ${seed}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${minutes} min`,
)
process.exit(result.status ?? 1)
