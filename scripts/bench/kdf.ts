// KDF benchmark under workerd (`npm run bench -- kdf`): for each candidate, starts a fresh
// `wrangler dev` of scripts/bench/kdf-worker/worker.ts, warms it, sends ROUNDS requests that each compute
// one hash, and reads the workerd process's CPU time (/proc/PID/stat, user + system) and peak
// resident memory (VmHWM) around them. Prints CPU ms per hash (less the no-op request's cost) and
// the memory the candidate added. Linux only (reads /proc).
import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { freePort } from '../support/free-port.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)
const TICKS_PER_SECOND = 100
const CANDIDATES = (
  process.env.BENCH_KDFS ?? 'noop,pbkdf2-webcrypto,argon2id-wasm,argon2id-js,scrypt-js'
)
  .split(',')
  .filter((name) => name !== '')

const childrenOf = (pid: number): number[] => {
  const children: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (parent === pid) children.push(Number(entry))
    } catch {}
  }
  return children
}

// wrangler dev runs two workerd processes (the worker and its proxy): measure them together.
function findWorkerds(root: number): number[] {
  const found: number[] = []
  const queue = [root]
  while (queue.length > 0) {
    const pid = queue.shift() ?? 0
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'workerd') found.push(pid)
    } catch {}
    queue.push(...childrenOf(pid))
  }
  return found
}

const cpuMs = (pids: number[]): number =>
  pids.reduce((total, pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return total + ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
  }, 0)

const memoryKiB = (pids: number[], field: 'VmHWM' | 'VmRSS'): number =>
  pids.reduce((total, pid) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    )
    return total + Number(match?.[1] ?? Number.NaN)
  }, 0)

let BASE = ''

async function request(kdf: string): Promise<{ wasmMemoryBytes?: number; error?: string }> {
  const response = await fetch(`${BASE}/?kdf=${kdf}`)
  return (await response.json()) as { wasmMemoryBytes?: number; error?: string }
}

async function start(): Promise<ChildProcess> {
  const port = await freePort()
  BASE = `http://127.0.0.1:${port}`
  const server = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      '--config',
      'scripts/bench/kdf-worker/wrangler.toml',
      '--port',
      String(port),
    ],
    { stdio: 'ignore', detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
  for (let i = 0; i < 120; i++) {
    if (server.exitCode !== null) throw new Error('wrangler dev exited early')
    try {
      if ((await fetch(`${BASE}/?kdf=noop`)).ok) return server
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error('wrangler dev did not start in 60 s')
}

async function stop(server: ChildProcess): Promise<void> {
  // The whole process group: npx, wrangler and both workerd processes.
  const exited = new Promise((resolve) => server.once('exit', resolve))
  if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM')
  await exited
}

type Row = { kdf: string; cpuMs: number; addedMiB: number; wasmMiB: number; note: string }
const rows: Row[] = []
let noopCpuMs = 0

for (const kdf of CANDIDATES) {
  const server = await start()
  try {
    const workerd = server.pid === undefined ? [] : findWorkerds(server.pid)
    if (workerd.length === 0) throw new Error('no workerd process found')
    for (let i = 0; i < 5; i++) await request('noop')
    const rssBefore = memoryKiB(workerd, 'VmRSS')
    const warm = await request(kdf)
    if (warm.error !== undefined) {
      rows.push({ kdf, cpuMs: Number.NaN, addedMiB: Number.NaN, wasmMiB: 0, note: warm.error })
      continue
    }
    const cpuBefore = cpuMs(workerd)
    let wasmBytes = 0
    for (let i = 0; i < ROUNDS; i++) wasmBytes = (await request(kdf)).wasmMemoryBytes ?? 0
    const perHash = (cpuMs(workerd) - cpuBefore) / ROUNDS
    if (kdf === 'noop') noopCpuMs = perHash
    rows.push({
      kdf,
      cpuMs: kdf === 'noop' ? perHash : perHash - noopCpuMs,
      addedMiB: (memoryKiB(workerd, 'VmHWM') - rssBefore) / 1024,
      wasmMiB: wasmBytes / 2 ** 20,
      note: '',
    })
  } finally {
    await stop(server)
  }
}

console.log(`KDF cost under workerd, ${ROUNDS} hashes each (CPU less the no-op request's):`)
console.log('candidate          CPU ms/hash   peak memory added (MiB)   wasm memory (MiB)')
for (const row of rows) {
  console.log(
    `${row.kdf.padEnd(18)} ${row.cpuMs.toFixed(1).padStart(11)}   ${row.addedMiB.toFixed(1).padStart(23)}   ${row.wasmMiB.toFixed(1).padStart(17)}${row.note === '' ? '' : `   ${row.note}`}`,
  )
}
