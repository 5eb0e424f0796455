// The Worker isolate's own CPU per request, what production bills (`npm run bench -- isolate
// [--json FILE] [--rounds N] [--duration S]`): runs ../shared/peer-bench's isolate-cpu.mjs (the V8
// profiler through wrangler's inspector, calibrated there) on this service, the runtime floor (bare
// Hono), the floor with one access log line (./floor-log/index.ts: what a console line costs)
// and the peer (better-auth's reset) in one run, interleaved. Every Worker is started here and
// its `wrangler dev` console relay is turned off before it is measured (`quietRelay`; `--keep-relay`
// leaves it on, as runs before 2026-12-08's afternoon were made). This service starts as the
// other benchmarks start it, with the KV windows raised; every request comes from an address of
// its own, so the per-client guard measures its work and refuses nothing. The target names match
// the cost benchmark's scenarios, whose CPU line reads this JSON (`bench -- cost --isolate FILE`).
// `--save-profiles DIR` keeps each profiled window's .cpuprofile (`bench -- profile-summary DIR`
// sums them by function); `--only` skips the floor and the peer and `--match TEXT` keeps this
// service's targets whose name contains TEXT, for quick looks at this service.
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { openInspector } from './inspector.ts'
import { benchBodyFiles, peerBench, runIsolateCpu, startBenchServer } from './server.ts'

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    duration: { type: 'string', default: '6' },
    'save-profiles': { type: 'string' },
    only: { type: 'boolean', default: false },
    match: { type: 'string', default: '' },
    'keep-relay': { type: 'boolean', default: false },
  },
})
const PORT = 8941
const INSPECT = 9241
const peer = peerBench()
const bodies = benchBodyFiles()
const FORM = 'application/x-www-form-urlencoded'
const base = `http://127.0.0.1:${PORT}`

/** What isolate-cpu.mjs measures, and what the relay probe sends (one request of each). */
interface Target {
  name: string
  method: 'GET' | 'POST'
  url: string
  inspect: number
  type?: string
  body?: string
  /** This service's: the Origin a browser sends, and a client address of its own each time. */
  ours?: boolean
}
const PEER_WORKERS = [
  { name: 'floor', dir: 'floor', port: 8821, inspect: 9821, ready: '/hello' },
  { name: 'floor-log', dir: 'floor-log', port: 8823, inspect: 9823, ready: '/hello' },
  {
    name: 'better-auth',
    dir: 'better-auth',
    port: 8822,
    inspect: 9822,
    ready: '/api/auth/ok',
    d1: true,
    vars: ['BETTER_AUTH_URL'],
  },
]
const RESET = 'http://127.0.0.1:8822/api/auth/request-password-reset'
const ours = (name: string, method: 'GET' | 'POST', path: string, type?: string, file?: string) =>
  ({
    name,
    method,
    url: base + path,
    inspect: INSPECT,
    type,
    body: file === undefined ? undefined : readFileSync(file, 'utf8'),
    ours: true,
  }) satisfies Target
// The floor's and the peer's scenarios are isolate-cpu.mjs's built-in ones, by the same names.
const theirs: Target[] = [
  {
    name: 'floor POST /hello',
    method: 'POST',
    url: 'http://127.0.0.1:8821/hello',
    inspect: 9821,
    type: FORM,
    body: `email=${encodeURIComponent('taro.koku@example.com')}`,
  },
  { name: 'floor GET /hello', method: 'GET', url: 'http://127.0.0.1:8821/hello', inspect: 9821 },
  {
    name: 'floor GET + one log line',
    method: 'GET',
    url: 'http://127.0.0.1:8823/hello',
    inspect: 9823,
  },
  {
    name: 'better-auth reset, unknown email',
    method: 'POST',
    url: RESET,
    inspect: 9822,
    type: 'application/json',
    body: JSON.stringify({ email: 'nobody.here@example.com' }),
  },
  {
    name: 'better-auth reset, known email',
    method: 'POST',
    url: RESET,
    inspect: 9822,
    type: 'application/json',
    body: JSON.stringify({ email: 'taro.koku@example.com' }),
  },
]
const all: Target[] = [
  ...(values.only ? [] : theirs),
  ours('form page', 'GET', '/password/initialize'),
  ours('form, mismatch', 'POST', '/password/initialize', FORM, bodies.mismatch),
  ours(
    'form, match (first issues, the rest in cooldown)',
    'POST',
    '/password/initialize',
    FORM,
    bodies.match,
  ),
  ours(
    'JSON, mismatch',
    'POST',
    '/api/v1/password-initializations',
    'application/json',
    bodies.json,
  ),
]
const targets = all.filter((one) => !one.ours || one.name.includes(values.match))

/** isolate-cpu.mjs's `--target` spec (bodies in files: they hold no spaces then). */
function spec(target: Target): string {
  const parts = [`${target.name}=${target.method} ${target.url} inspect=${target.inspect}`]
  if (target.ours) parts.push(`header=Origin:${base}`, 'vary-ip=CF-Connecting-IP')
  if (target.type) parts.push(`type=${target.type}`)
  if (target.body !== undefined) {
    const file = join(bodiesDir, `${parts.length}-${target.name.replace(/\W+/g, '-')}.body`)
    writeFileSync(file, target.body)
    parts.push(`body=@${file}`)
  }
  return parts.join(' ')
}
const bodiesDir = join(tmpdir(), `isolate-bodies-${process.pid}`)
mkdirSync(bodiesDir, { recursive: true })

let probeClient = 0
/** One request of the target's, as isolate-cpu.mjs sends it (a client of its own). */
async function send(target: Target): Promise<void> {
  const headers: Record<string, string> = {}
  if (target.type) headers['content-type'] = target.type
  if (target.ours) {
    headers.origin = base
    headers['cf-connecting-ip'] = `2001:db8:ffff:${(++probeClient).toString(16)}::1`
  }
  const response = await fetch(target.url, {
    method: target.method,
    headers,
    body: target.body,
    redirect: 'manual',
  })
  await response.arrayBuffer()
}

/**
 * One of peer-bench's Workers (its floor, the floor with one log line, the peer) under
 * peer-bench's own wrangler, as isolate-cpu.mjs's `--start` starts them (the same ports, state
 * and log level), but here, so that its relay can be quieted before it is measured. Stopped by
 * its process group.
 */
async function startPeerWorker(worker: {
  name: string
  dir: string
  port: number
  inspect: number
  ready: string
  d1?: boolean
  vars?: string[]
}): Promise<() => void> {
  const dir = join(peer, worker.dir)
  const state = join(tmpdir(), 'peer-isolate-cpu', worker.name)
  rmSync(state, { recursive: true, force: true })
  mkdirSync(state, { recursive: true })
  const env = {
    ...process.env,
    PATH: `${join(peer, 'node_modules/.bin')}:${process.env.PATH}`,
    CI: 'true',
    WRANGLER_SEND_METRICS: 'false',
    X_LOCAL_OBSERVABILITY: 'false',
  }
  const persist = ['--persist-to', join(state, 'persist')]
  const wrangler = join(peer, 'node_modules/.bin/wrangler')
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: dir, env, encoding: 'utf8' })
    if (result.status !== 0)
      throw new Error(`${worker.name}: ${command} ${args.join(' ')} failed\n${result.stderr}`)
    return result.stdout
  }
  if (worker.d1) {
    run(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist])
    writeFileSync(
      join(state, 'seed.sql'),
      run(join(peer, 'node_modules/.bin/node'), ['seed.mjs', '1000']),
    )
    run(wrangler, ['d1', 'execute', 'DB', '--local', ...persist, '--file', join(state, 'seed.sql')])
  }
  const base = `http://127.0.0.1:${worker.port}`
  const child = spawn(
    wrangler,
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(worker.port),
      '--inspector-port',
      String(worker.inspect),
    ]
      .concat(persist, ['--log-level', 'warn'])
      .concat((worker.vars ?? []).flatMap((name) => ['--var', `${name}:${base}`])),
    { cwd: dir, detached: true, stdio: 'ignore', env },
  )
  const stop = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
    } catch {}
  }
  for (let i = 0; i < 180; i++) {
    try {
      if ((await fetch(base + worker.ready)).status < 500) return stop
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  stop()
  throw new Error(`${worker.name} did not start in 90 s`)
}

/**
 * Turns off `wrangler dev`'s console relay for one Worker. Wrangler's inspector proxy holds one
 * session on the isolate with the Runtime domain enabled, so V8 turns every console call into a
 * `Runtime.consoleAPICalled` message for it, in the isolate: about 0.25 ms a call, a cost no
 * deployed Worker pays (docs/decisions/037-the-relay-off-in-the-isolate-figure.md). A client of
 * the proxy speaks on that same session, so `Runtime.disable` ends the relay; wrangler prints the
 * Worker's lines from workerd's own output, not from the relay, and enables nothing again when the
 * client leaves. Before that, each target is sent `probes` requests and the console calls relayed
 * meanwhile are counted: the floor with one log line must read one a request. Resolves with the
 * counts by target.
 */
async function quietRelay(
  inspect: number,
  mine: readonly Target[],
  probes: number,
): Promise<Map<string, number>> {
  const session = await openInspector(inspect)
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  const counts = new Map<string, number>()
  // What the proxy buffered before we came (start-up lines) arrives first, and is not counted.
  await pause(500)
  for (const target of mine) {
    session.resetConsole()
    for (let i = 0; i < probes; i++) await send(target)
    await pause(1_500) // the queue consumer's batch (it waits at most a second) and its lines
    counts.set(target.name, session.consoleCalls)
  }
  await session.call('Runtime.disable')
  session.close()
  return counts
}

interface Row {
  name: string
  isolate_ms_per_req: { mean: number | null }
}

/** The goals of docs/performance.md, from one run's JSON, and what a console line costs in it. */
function printGoals(file: string, calls: ReadonlyMap<string, number>) {
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as { rows: Row[] }).rows
  const ms = (name: string) =>
    rows.find((row) => row.name === name)?.isolate_ms_per_req.mean ?? Number.NaN
  const f = (n: number) => n.toFixed(3)
  const floorPost = ms('floor POST /hello')
  const floorGet = ms('floor GET /hello')
  const mismatch = ms('form, mismatch')
  const page = ms('form page')
  const goals = [
    [
      "mismatch at most the peer's unknown e-mail",
      mismatch,
      ms('better-auth reset, unknown email'),
      1,
    ],
    ["mismatch at most 2× the floor's POST", mismatch, floorPost, 2],
    ['JSON within 1.2× the form', ms('JSON, mismatch'), mismatch, 1.2],
    ["the form page at most 2× the floor's GET", page, floorGet, 2],
  ] as const
  const lines = [
    '',
    `Console relay: ${values['keep-relay'] ? 'left on (--keep-relay)' : 'off'}; a console line costs ${f(ms('floor GET + one log line') - floorGet)} ms here (the floor with one log line − the floor).`,
    ...[...calls].map(([name, count]) => `  ${name}: ${count.toFixed(1)} console calls a request`),
    '',
    '| goal | measured (ms) | against (ms) | ratio | met |',
    '| --- | --- | --- | --- | --- |',
    ...goals.map(
      ([goal, value, against, limit]) =>
        `| ${goal} | ${f(value)} | ${f(against)} | ${(value / against).toFixed(2)}× | ${value <= limit * against ? 'yes' : 'no'} |`,
    ),
    `| a repeated match within the mismatch + 1 ms | ${f(ms('form, match (first issues, the rest in cooldown)'))} | ${f(mismatch)} + 1 | | ${ms('form, match (first issues, the rest in cooldown)') <= mismatch + 1 ? 'yes' : 'no'} |`,
  ]
  console.log(lines.join('\n'))
}

const PROBES = 10
const stops: Array<() => void> = []
// Every Worker started here runs detached, in a process group of its own: an interrupted run
// stops them too.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    for (const stop of stops.reverse()) stop()
    process.exit(130)
  })
try {
  if (!values.only) {
    // The floor with one log line is this repository's (./floor-log), run with peer-bench's Hono.
    const dir = join(peer, 'floor-log')
    mkdirSync(join(dir, 'src'), { recursive: true })
    copyFileSync(join(import.meta.dirname, 'floor-log', 'index.ts'), join(dir, 'src', 'index.ts'))
    writeFileSync(
      join(dir, 'wrangler.toml'),
      'name = "peer-floor-log"\nmain = "src/index.ts"\ncompatibility_date = "2026-08-01"\n',
    )
    for (const worker of PEER_WORKERS) stops.push(await startPeerWorker(worker))
  }
  const server = await startBenchServer({
    port: PORT,
    vars: { RATE_LIMIT_PER_IP: '100000000/600', RATE_LIMIT_PER_LOGIN_ID: '100000000/3600' },
    args: ['--inspector-port', String(INSPECT)],
  })
  stops.push(server.stop)
  // Console calls a request, counted through the relay before it is turned off.
  const calls = new Map<string, number>()
  if (!values['keep-relay']) {
    for (const inspect of new Set(targets.map((one) => one.inspect))) {
      const mine = targets.filter((one) => one.inspect === inspect)
      const relayed = await quietRelay(inspect, mine, PROBES)
      for (const [name, count] of relayed) calls.set(name, count / PROBES)
    }
    console.error(
      `  console relay off; console calls a request while it was on: ${[...calls]
        .map(([name, count]) => `${name} ${count.toFixed(1)}`)
        .join(', ')}`,
    )
  }
  const json = values.json ?? join(bodiesDir, 'isolate.json')
  const status = runIsolateCpu(targets.map(spec), {
    rounds: values.rounds,
    duration: values.duration,
    json,
    saveProfiles: values['save-profiles'],
  })
  process.exitCode = status
  if (status === 0 && !values.only && !values.match) printGoals(json, calls)
} finally {
  for (const stop of stops.reverse()) stop()
  rmSync(bodiesDir, { recursive: true, force: true })
}
