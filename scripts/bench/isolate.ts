// The Worker isolate's own CPU per request, what production bills (`npm run bench -- isolate
// [--json FILE] [--rounds N] [--duration S]`): runs ../shared/peer-bench's isolate-cpu.mjs (the V8
// profiler through wrangler's inspector, calibrated there) on this service, the runtime floor (bare
// Hono), the floor with one access log line (./floor-log/index.ts: what a console line costs
// in this instrument) and the peer (better-auth's reset) in one run, interleaved. This service starts as the
// other benchmarks start it, with the KV windows raised; every request comes from an address of
// its own, so the per-client guard measures its work and refuses nothing. The target names match
// the cost benchmark's scenarios, whose CPU line reads this JSON (`bench -- cost --isolate FILE`).
// `--save-profiles DIR` keeps each profiled window's .cpuprofile (`bench -- profile-summary DIR`
// sums them by function); `--only` skips the floor and the peer and `--match TEXT` keeps this
// service's targets whose name contains TEXT, for quick looks at this service.
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { benchBodyFiles, peerBench, startBenchServer } from './server.ts'

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    duration: { type: 'string', default: '6' },
    'save-profiles': { type: 'string' },
    only: { type: 'boolean', default: false },
    match: { type: 'string', default: '' },
  },
})
const PORT = 8941
const INSPECT = 9241
const FLOOR_LOG_PORT = 8823
const FLOOR_LOG_INSPECT = 9823
const peer = peerBench()
const bodies = benchBodyFiles()
const FORM = 'application/x-www-form-urlencoded'
const base = `http://127.0.0.1:${PORT}`
const target = (name: string, method: string, path: string, extra = '') =>
  `${name}=${method} ${base}${path} inspect=${INSPECT} header=Origin:${base} vary-ip=CF-Connecting-IP ${extra}`.trim()
const all = [
  // The floor is started by isolate-cpu.mjs itself (port 8821, inspector 9821); its built-in
  // scenario is the POST, so its GET is named here for the page's comparison.
  ...(values.only
    ? []
    : [
        'floor GET /hello=GET http://127.0.0.1:8821/hello inspect=9821',
        `floor GET + one log line=GET http://127.0.0.1:${FLOOR_LOG_PORT}/hello inspect=${FLOOR_LOG_INSPECT}`,
      ]),
  target('form page', 'GET', '/password/initialize'),
  target('form, mismatch', 'POST', '/password/initialize', `type=${FORM} body=@${bodies.mismatch}`),
  target(
    'form, match (first issues, the rest in cooldown)',
    'POST',
    '/password/initialize',
    `type=${FORM} body=@${bodies.match}`,
  ),
  target(
    'JSON, mismatch',
    'POST',
    '/api/v1/password-initializations',
    `type=application/json body=@${bodies.json}`,
  ),
]
const targets = all.filter((one) => one.includes(values.match) || one.startsWith('floor'))

/**
 * The floor with one access log line (./floor-log/index.ts), under peer-bench's wrangler as the
 * floor is; stopped by its process group.
 */
async function startFloorLog(): Promise<() => void> {
  const dir = join(peer, 'floor-log')
  mkdirSync(join(dir, 'src'), { recursive: true })
  copyFileSync(join(import.meta.dirname, 'floor-log', 'index.ts'), join(dir, 'src', 'index.ts'))
  writeFileSync(
    join(dir, 'wrangler.toml'),
    'name = "peer-floor-log"\nmain = "src/index.ts"\ncompatibility_date = "2026-08-01"\n',
  )
  const child = spawn(
    join(peer, 'node_modules/.bin/wrangler'),
    ['dev', '--ip', '127.0.0.1', '--port', String(FLOOR_LOG_PORT)].concat([
      '--inspector-port',
      String(FLOOR_LOG_INSPECT),
      '--log-level',
      'warn',
    ]),
    {
      cwd: dir,
      detached: true,
      stdio: 'ignore',
      env: {
        ...process.env,
        PATH: `${join(peer, 'node_modules/.bin')}:${process.env.PATH}`,
        CI: 'true',
        WRANGLER_SEND_METRICS: 'false',
        X_LOCAL_OBSERVABILITY: 'false',
      },
    },
  )
  const stop = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
    } catch {}
  }
  for (let i = 0; i < 180; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${FLOOR_LOG_PORT}/hello`)).ok) return stop
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  stop()
  throw new Error('the floor with a log line did not start in 90 s')
}

const stopFloorLog = values.only ? () => {} : await startFloorLog()
const server = await startBenchServer({
  port: PORT,
  vars: { RATE_LIMIT_PER_IP: '100000000/600', RATE_LIMIT_PER_LOGIN_ID: '100000000/3600' },
  args: ['--inspector-port', String(INSPECT)],
})
try {
  const result = spawnSync(
    join(peer, 'node_modules/.bin/node'),
    [
      join(peer, 'isolate-cpu.mjs'),
      ...(values.only ? [] : ['--start', 'floor,better-auth']),
      ...targets.flatMap((one) => ['--target', one]),
      '--rounds',
      values.rounds,
      '--duration',
      values.duration,
      ...(values.json ? ['--json', values.json] : []),
      ...(values['save-profiles'] ? ['--save-profiles', values['save-profiles']] : []),
    ],
    { stdio: 'inherit', env: { ...process.env, X_LOCAL_OBSERVABILITY: 'false' } },
  )
  process.exitCode = result.status ?? 1
} finally {
  server.stop()
  stopFloorLog()
}
