// Starts this service under `wrangler dev` on a state directory of its own, with the demo
// accounts (and any extra SQL), for the benchmarks. Node only; nothing here runs in the Worker.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { TARO } from '../../test/support/fixtures.ts'

export interface BenchServer {
  base: string
  /** The workerd processes' CPU time so far, in milliseconds (for CPU per request). */
  cpuMs: () => number
  stop: () => void
}

const run = (args: string[]) => {
  const result = spawnSync(args[0] ?? '', args.slice(1), { encoding: 'utf8' })
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} failed\n${result.stdout}${result.stderr}`)
}

async function waitFor(base: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 180; i++) {
    if (server.exitCode !== null) throw new Error('wrangler dev exited early')
    try {
      if ((await fetch(`${base}/favicon.ico`)).status === 204) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error('wrangler dev did not start in 90 s')
}

/** CPU ticks (user + system) of every workerd process under the given parent. */
function workerdCpuMs(rootPid: number): number {
  const children = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' }).stdout
  const rows = children
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm ?? '' }))
  const descendants = new Set([rootPid])
  for (let changed = true; changed; ) {
    changed = false
    for (const row of rows) {
      if (descendants.has(row.ppid) && !descendants.has(row.pid)) {
        descendants.add(row.pid)
        changed = true
      }
    }
  }
  const ticksPerSecond = 100
  let ticks = 0
  for (const row of rows) {
    if (!descendants.has(row.pid) || !row.comm.startsWith('workerd')) continue
    try {
      const stat = spawnSync('cat', [`/proc/${row.pid}/stat`], { encoding: 'utf8' }).stdout
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {}
  }
  return (ticks / ticksPerSecond) * 1000
}

/**
 * Wrangler's local tracing (its "local explorer" collector, on by default since wrangler 4.x)
 * records a span for every invocation and binding call in the same workerd processes the
 * benchmarks measure: with it, the bare Hono floor costs 2.3 ms of CPU per POST instead of 1.2,
 * and a request costs more the more bindings it calls, a cost no deployed Worker pays. Off here
 * unless `X_LOCAL_OBSERVABILITY=true` asks for it; run peer-bench's `bench.mjs` with
 * `X_LOCAL_OBSERVABILITY=false` too, so the floor and the peer are measured the same way (docs/performance.md#method).
 */
const localTracing = process.env.X_LOCAL_OBSERVABILITY ?? 'false'

/**
 * Migrates and seeds a fresh local state, runs `extraSql`, and starts `wrangler dev` on `port`
 * with the given `--var`s.
 */
export async function startBenchServer(options: {
  port: number
  vars?: Record<string, string>
  extraSql?: string
  /** More `wrangler dev` arguments, e.g. `--inspector-port`. */
  args?: string[]
}): Promise<BenchServer> {
  // The secrets wrangler.toml requires, as `npm start` writes them.
  run([process.execPath, 'scripts/ensure-dev-vars.ts'])
  const state = mkdtempSync(join(tmpdir(), 'bench-state-'))
  const persist = ['--persist-to', state]
  run(['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', ...persist])
  run(['node', 'scripts/seed.ts', '--local', ...persist])
  if (options.extraSql) {
    const file = join(state, 'extra.sql')
    writeFileSync(file, options.extraSql)
    run(['wrangler', 'd1', 'execute', 'DB', '--local', ...persist, '--file', file])
  }
  const vars = Object.entries(options.vars ?? {}).flatMap(([name, value]) => [
    '--var',
    `${name}:${value}`,
  ])
  const server = spawn(
    'wrangler',
    [
      'dev',
      '--port',
      String(options.port),
      '--ip',
      '127.0.0.1',
      ...persist,
      ...vars,
      ...(options.args ?? []),
    ],
    {
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, X_LOCAL_OBSERVABILITY: localTracing },
    },
  )
  const base = `http://127.0.0.1:${options.port}`
  const stop = () => {
    try {
      if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM')
    } catch {}
    rmSync(state, { recursive: true, force: true })
  }
  try {
    await waitFor(base, server)
  } catch (error) {
    stop()
    throw error
  }
  return { base, cpuMs: () => workerdCpuMs(server.pid ?? 0), stop }
}

/**
 * A working copy of ../shared/peer-bench (the runtime floor and the peer, better-auth) with its
 * packages installed: shared/ may be read-only. Its path.
 */
export function peerBench(): string {
  const copy = join(tmpdir(), 'peer-bench-src')
  if (!existsSync(join(copy, 'node_modules', '.bin', 'wrangler'))) {
    const source = resolve(import.meta.dirname, '../../../shared/peer-bench')
    if (!existsSync(source)) throw new Error(`no peer-bench at ${source}`)
    cpSync(source, copy, { recursive: true })
    const installed = spawnSync('npm', ['ci', '--silent'], { cwd: copy, stdio: 'inherit' })
    if (installed.status !== 0) throw new Error('npm ci of peer-bench failed')
  }
  return copy
}

/**
 * Runs peer-bench's isolate-cpu.mjs (the V8 profiler through wrangler's inspector) on the given
 * `--target` specs, with its output on this terminal and its figures in `json`. Its exit status.
 */
export function runIsolateCpu(
  targets: readonly string[],
  options: { rounds: string; duration: string; json: string; saveProfiles?: string },
): number {
  const peer = peerBench()
  const result = spawnSync(
    join(peer, 'node_modules/.bin/node'),
    [
      join(peer, 'isolate-cpu.mjs'),
      ...targets.flatMap((one) => ['--target', one]),
      '--rounds',
      options.rounds,
      '--duration',
      options.duration,
      '--json',
      options.json,
      ...(options.saveProfiles ? ['--save-profiles', options.saveProfiles] : []),
    ],
    { stdio: 'inherit', env: { ...process.env, X_LOCAL_OBSERVABILITY: 'false' } },
  )
  return result.status ?? 1
}

/** A client address of its own for request `n` (a header value only: nothing is sent there). */
export const clientAddress = (n: number) =>
  `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`

export const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

export const median = (values: readonly number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  )

/** The demo individual's details as registered, as the forms post them: the tests' own fixture. */
export { TARO }

/**
 * The request bodies of the measured submissions, each written to a file of its own (peer-bench's
 * tools read bodies from files): a form mismatch, a form match and a JSON mismatch. Their paths.
 */
export function benchBodyFiles(): { mismatch: string; match: string; json: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bodies-'))
  const file = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }
  const taro = TARO
  return {
    mismatch: file('mismatch.txt', new URLSearchParams({ ...taro, name: 'Jiro KOKU' }).toString()),
    match: file('match.txt', new URLSearchParams(taro).toString()),
    json: file(
      'mismatch.json',
      JSON.stringify({
        loginId: taro.loginId,
        name: 'Jiro KOKU',
        phone: '+819012345678',
        email: taro.email,
      }),
    ),
  }
}
