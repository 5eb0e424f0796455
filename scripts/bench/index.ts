// The one benchmark entry: `npm run bench -- <name> [options]`; `npm run bench -- --help` lists
// them. Every benchmark is a Node script in this folder, started the same way (the project's
// Node, TypeScript resolved by ../support/resolve-ts.ts); what each prints and how to read it is
// in docs/performance.md.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const BENCHMARKS = {
  throughput: 'req/s, median latency and workerd CPU per request of the four hot routes',
  isolate:
    'the Worker isolate’s own CPU per request (V8 profile, console relay off) beside the floor and the peer (../shared/peer-bench), and the goals',
  calibrate:
    'proves the isolate instrument: a known busy loop reads 1:1, binding-only routes leave the isolate figure',
  'profile-summary':
    'self and total isolate time by function of the profiles `isolate --save-profiles DIR` kept',
  cost: 'binding operations per submission, counted, and what a million submissions cost',
  capacity: 'bytes per account and per audit row in D1, and the 30-million-account plan',
  timing: 'enumeration by timing: every outcome’s latency within 1 ms or 10 %',
  'hash-parity':
    'wrong passwords against legacy, Argon2id and unknown login IDs cost the same (within 1 ms or 10 %)',
  latency: 'round trips on the response path (every binding call delayed by 50 ms)',
  startup:
    'bundle size and `wrangler check startup` CPU; --compare: beside an empty Worker, the floor and the peer',
  kdf: 'CPU and memory per hash of the KDF candidates under workerd',
  import: '`npm run accounts -- import` of 100,000 rows into a fresh local D1',
  serve: 'serve this service for ../shared/peer-bench and print its --target arguments',
} as const

type Name = keyof typeof BENCHMARKS
const isName = (name: string | undefined): name is Name =>
  name !== undefined && Object.hasOwn(BENCHMARKS, name)

const [name, ...args] = process.argv.slice(2)
if (!isName(name)) {
  const width = Math.max(...Object.keys(BENCHMARKS).map((one) => one.length))
  const list = Object.entries(BENCHMARKS)
    .map(([one, what]) => `  ${one.padEnd(width)}  ${what}`)
    .join('\n')
  const help = name === undefined || name === '--help' || name === '-h'
  ;(help ? console.log : console.error)(
    `${help ? '' : `unknown benchmark: ${name}\n\n`}usage: npm run bench -- <name> [options]\n\n${list}\n\nMethod and latest figures: docs/performance.md`,
  )
  process.exit(help ? 0 : 2)
}

const here = import.meta.dirname
const result = spawnSync(
  process.execPath,
  ['--import', join(here, '..', 'support', 'resolve-ts.ts'), join(here, `${name}.ts`), ...args],
  { stdio: 'inherit' },
)
process.exit(result.status ?? 1)
