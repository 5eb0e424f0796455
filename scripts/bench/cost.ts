// What a million submissions cost in production (`npm run bench -- cost [--isolate FILE]
// [--no-peer]`): counts every binding operation a submission makes, then prices the counts at
// Cloudflare's published prices (cost/counting-bindings.ts, PRICES).
// - This service: cost/service.bench.ts, inside workerd against the real local D1 and KV, one
//   client address a submission and the queue delivered in full batches.
// - The peer (better-auth's password reset, ../shared/peer-bench): its Worker under `wrangler dev`
//   behind an entry that wraps its D1 and e-mail bindings with the same counters.
// - CPU: the isolate CPU per request that `npm run bench -- isolate --json FILE` measured, when
//   FILE is given; otherwise the CPU line is left out (it is measured, never typed in).
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { freePort } from '../support/free-port.ts'
import { type BindingCounts, PRICES } from './cost/counting-bindings.ts'
import { peerBench } from './server.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const { values } = parseArgs({
  options: { isolate: { type: 'string' }, 'no-peer': { type: 'boolean', default: false } },
})

interface Row {
  scenario: string
  submissions: number
  consumerInvocations: number
  counts: BindingCounts
  cpuMs?: number
}

function serviceRows(): Row[] {
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/vitest'),
    ['run', '--config', 'scripts/bench/cost/vitest.config.ts'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  )
  const rows = [...`${result.stdout}`.matchAll(/^COST_COUNTS (.*)$/gm)].map(
    ([, json]) => JSON.parse(json ?? '{}') as Row,
  )
  if (result.status !== 0 || rows.length === 0) {
    throw new Error(
      `the cost run failed\n${result.stdout.slice(-4000)}${result.stderr.slice(-4000)}`,
    )
  }
  return rows
}

const PEER_ENTRY = `import app from './index.ts'
import { countingD1, noCounts } from '${join(import.meta.dirname, 'cost/counting-bindings.ts')}'
const counts = noCounts()
export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/__counts') return Response.json(counts)
    const email = { send: (message) => { counts.emails++; return env.EMAIL.send(message) } }
    return app.fetch(request, { ...env, DB: countingD1(env.DB, counts), EMAIL: email }, ctx)
  },
}
`

/** The peer's reset, unknown and known e-mail: counted behind PEER_ENTRY. */
async function peerRows(submissions: number): Promise<Row[]> {
  const peer = peerBench()
  const dir = join(peer, 'better-auth')
  writeFileSync(join(dir, 'src/counting-entry.ts'), PEER_ENTRY)
  const state = mkdtempSync(join(tmpdir(), 'peer-cost-'))
  const persist = ['--persist-to', join(state, 'persist')]
  const bin = join(peer, 'node_modules/.bin')
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, WRANGLER_SEND_METRICS: 'false' }
  const run = (args: string[]) => execFileSync(args[0] ?? '', args.slice(1), { cwd: dir, env })
  run(['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', ...persist])
  writeFileSync(join(state, 'seed.sql'), run(['node', 'seed.mjs', '1000']))
  run(['wrangler', 'd1', 'execute', 'DB', '--local', ...persist, '--file', join(state, 'seed.sql')])
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const server: ChildProcess = spawn(
    'wrangler',
    [
      'dev',
      'src/counting-entry.ts',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      ...persist,
      '--var',
      `BETTER_AUTH_URL:${base}`,
      '--var',
      'LOG_LEVEL:error',
    ],
    { cwd: dir, env, detached: true, stdio: 'ignore' },
  )
  try {
    for (let i = 0; ; i++) {
      if (i > 180) throw new Error('the peer did not start')
      try {
        if ((await fetch(`${base}/__counts`)).ok) break
      } catch {}
      await new Promise((done) => setTimeout(done, 500))
    }
    const rows: Row[] = []
    for (const [scenario, email] of [
      ['better-auth reset, unknown email', 'nobody.here@example.com'],
      ['better-auth reset, known email', 'taro.koku@example.com'],
    ] as const) {
      const before: BindingCounts = await (await fetch(`${base}/__counts`)).json()
      for (let i = 0; i < submissions; i++) {
        const response = await fetch(`${base}/api/auth/request-password-reset`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, redirectTo: '/reset' }),
        })
        await response.arrayBuffer()
        if (!response.ok) throw new Error(`the peer answered ${response.status}`)
      }
      await new Promise((done) => setTimeout(done, 1000)) // its mail goes out in waitUntil
      const after: BindingCounts = await (await fetch(`${base}/__counts`)).json()
      const counts = Object.fromEntries(
        Object.entries(after).map(([key, value]) => [
          key,
          value - before[key as keyof BindingCounts],
        ]),
      ) as unknown as BindingCounts
      rows.push({ scenario, submissions, consumerInvocations: 0, counts })
    }
    return rows
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGINT')
    rmSync(state, { recursive: true, force: true })
  }
}

/** Isolate CPU ms per request by target name, from isolate-cpu.mjs's JSON. */
function isolateCpu(file: string | undefined): Map<string, number> {
  const cpu = new Map<string, number>()
  if (!file) return cpu
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    rows?: Array<{ name: string; isolate_ms_per_req?: { mean: number | null } }>
  }
  for (const { name, isolate_ms_per_req } of report.rows ?? []) {
    if (typeof isolate_ms_per_req?.mean === 'number') cpu.set(name, isolate_ms_per_req.mean)
  }
  return cpu
}

const rows = serviceRows()
if (!values['no-peer']) rows.push(...(await peerRows(rows[0]?.submissions ?? 50)))
const cpu = isolateCpu(values.isolate)
for (const row of rows) row.cpuMs = cpu.get(row.scenario)

const per = (row: Row, value: number) => value / row.submissions
const fixed = (value: number, digits = 2) => value.toFixed(digits)
console.log('\nBinding operations per submission (counted)\n')
console.log(
  '| scenario | requests | D1 queries | D1 rows read | D1 rows written | KV reads | KV writes | Queue ops | e-mails |',
)
console.log('|---|---|---|---|---|---|---|---|---|')
for (const row of rows) {
  const { counts } = row
  const requests = 1 + per(row, row.consumerInvocations)
  console.log(
    `| ${row.scenario} | ${fixed(requests)} | ${fixed(per(row, counts.d1Queries))} | ${fixed(per(row, counts.d1RowsRead))} | ${fixed(per(row, counts.d1RowsWritten))} | ${fixed(per(row, counts.kvReads))} | ${fixed(per(row, counts.kvWrites))} | ${fixed(per(row, 3 * counts.queueMessages))} | ${fixed(per(row, counts.emails))} |`,
  )
}

console.log('\nUSD per million submissions at published prices (beyond the included amounts)\n')
console.log('| scenario | requests | CPU | D1 | KV | Queues | e-mail | total |')
console.log('|---|---|---|---|---|---|---|---|')
for (const row of rows) {
  const { counts } = row
  const perMillion = (value: number) => per(row, value) * 1_000_000
  const requests = (1 + per(row, row.consumerInvocations)) * PRICES.requests
  const cpuUsd = row.cpuMs === undefined ? undefined : row.cpuMs * PRICES.cpuMs
  const d1 =
    (perMillion(counts.d1RowsRead) * PRICES.d1RowsRead +
      perMillion(counts.d1RowsWritten) * PRICES.d1RowsWritten) /
    1_000_000
  const kv =
    (perMillion(counts.kvReads) * PRICES.kvReads +
      perMillion(counts.kvWrites) * PRICES.kvWrites +
      perMillion(counts.kvDeletes) * PRICES.kvDeletes +
      perMillion(counts.kvLists) * PRICES.kvLists) /
    1_000_000
  const queues = (perMillion(3 * counts.queueMessages) * PRICES.queueOperations) / 1_000_000
  const email = (perMillion(counts.emails) * PRICES.emails) / 1_000_000
  const total = requests + (cpuUsd ?? 0) + d1 + kv + queues + email
  console.log(
    `| ${row.scenario} | ${fixed(requests)} | ${cpuUsd === undefined ? 'not measured' : fixed(cpuUsd)} | ${fixed(d1)} | ${fixed(kv)} | ${fixed(queues)} | ${fixed(email)} | ${fixed(total)}${cpuUsd === undefined ? ' + CPU' : ''} |`,
  )
}
