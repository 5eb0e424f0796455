// Enumeration-by-timing benchmark (`npm run bench:timing`): starts the service locally on its
// own state directory, raises the abuse limits, sends interleaved submissions for a full match,
// each single wrong field, an unknown login ID and the locked account, and prints each group's
// median and p90 response time and the largest difference between group medians.
// Design target: no group's median more than 1 ms or 10 % away from another's.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 150)
const PORT = Number(process.env.BENCH_PORT ?? 8799)
const BASE = `http://127.0.0.1:${PORT}`
// A pause after each request, so one submission's background work (hashing a match) does not
// land on the next one's clock: the benchmark measures the answer, not the queue behind it.
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 60)

const match = {
  loginId: '123456789',
  name: 'Taro KOKU',
  phoneCountry: 'JP',
  phoneNumber: '09012345678',
  email: 'taro.koku@example.com',
}
const groups: Record<string, Record<string, string>> = {
  'full match': match,
  'wrong login ID (another account)': { ...match, loginId: '555000111' },
  'wrong name': { ...match, name: 'Jiro KOKU' },
  'wrong phone': { ...match, phoneNumber: '09099999999' },
  'wrong e-mail': { ...match, email: 'someone.else@example.com' },
  'unknown login ID': { ...match, loginId: '111222333' },
  'locked account': {
    loginId: '444000222',
    name: 'Ken Yama',
    phoneCountry: 'JP',
    phoneNumber: '09011112222',
    email: 'ken.yama@example.net',
  },
}

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
  const result = spawnSync(args[0] ?? '', args.slice(1), { stdio: 'ignore', env })
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed`)
}

async function waitForServer(server: ChildProcess): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (server.exitCode !== null) throw new Error('wrangler dev exited early')
    try {
      const response = await fetch(`${BASE}/password/initialize`)
      if (response.ok) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error('wrangler dev did not start in 60 s')
}

async function timeOne(fields: Record<string, string>, client: number): Promise<number> {
  const started = performance.now()
  const response = await fetch(`${BASE}/password/initialize`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: BASE,
      'CF-Connecting-IP': `198.51.100.${client % 250}`,
    },
    redirect: 'manual',
  })
  await response.arrayBuffer()
  const elapsed = performance.now() - started
  if (response.status !== 303) throw new Error(`expected 303, got ${response.status}`)
  return elapsed
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

const state = mkdtempSync(join(tmpdir(), 'bench-timing-'))
const persist = ['--persist-to', state]
let server: ChildProcess | undefined
try {
  run(['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', ...persist])
  run(['node', 'scripts/seed.ts', '--local', ...persist])
  server = spawn(
    'wrangler',
    [
      'dev',
      '--port',
      String(PORT),
      '--ip',
      '127.0.0.1',
      ...persist,
      '--var',
      'RATE_LIMIT_PER_IP:1000000/60',
      '--var',
      'RATE_LIMIT_PER_LOGIN_ID:1000000/60',
    ],
    { stdio: 'ignore' },
  )
  await waitForServer(server)

  const names = Object.keys(groups)
  const samples = new Map<string, number[]>(names.map((name) => [name, []]))
  // Warm-up, not measured.
  for (const name of names) await timeOne(groups[name] ?? match, 0)
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved in a fresh random order each round, so drift hits every group alike.
    const order = [...names].sort(() => Math.random() - 0.5)
    for (const name of order) {
      samples.get(name)?.push(await timeOne(groups[name] ?? match, round))
      await new Promise((resolve) => setTimeout(resolve, GAP_MS))
    }
  }

  const rows = names.map((name) => {
    const sorted = [...(samples.get(name) ?? [])].sort((a, b) => a - b)
    return { name, n: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) }
  })
  const medians = rows.map((row) => row.median)
  const spread = Math.max(...medians) - Math.min(...medians)
  const spreadPercent = (spread / Math.min(...medians)) * 100
  const pad = Math.max(...names.map((name) => name.length))
  console.log(`POST /password/initialize, ${ROUNDS} interleaved rounds, time to full response`)
  console.log(`${'group'.padEnd(pad)}    n  median ms   p90 ms`)
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(pad)} ${String(row.n).padStart(4)} ${row.median.toFixed(2).padStart(10)} ${row.p90.toFixed(2).padStart(8)}`,
    )
  }
  const verdict = spread <= 1 || spreadPercent <= 10 ? 'within' : 'OUTSIDE'
  console.log(
    `largest median difference: ${spread.toFixed(2)} ms (${spreadPercent.toFixed(1)} %), ${verdict} the target (1 ms or 10 %)`,
  )
} finally {
  server?.kill('SIGTERM')
  rmSync(state, { recursive: true, force: true })
}
