// Serves this service for ../shared/peer-bench (`npm run bench -- serve`): starts it as `npm run
// bench` does (fresh state, demo accounts, the KV windows raised), writes the request bodies of
// the four measured routes to files, prints the `--target` arguments for peer-bench's bench.mjs
// and keeps serving until interrupted. The per-client guard (10 per 60 s) stays as configured:
// run bench.mjs with a client address of its own per request (CF-Connecting-IP).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBenchServer, TARO } from './server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 8811)
const dir = mkdtempSync(join(tmpdir(), 'bench-bodies-'))
const body = (name: string, text: string) => {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}
const FORM = 'application/x-www-form-urlencoded'
const mismatch = body(
  'mismatch.txt',
  new URLSearchParams({ ...TARO, name: 'Jiro KOKU' }).toString(),
)
const match = body('match.txt', new URLSearchParams(TARO).toString())
const json = body(
  'mismatch.json',
  JSON.stringify({
    loginId: TARO.loginId,
    name: 'Jiro KOKU',
    phone: '+819012345678',
    email: TARO.email,
  }),
)

const server = await startBenchServer({
  port: PORT,
  vars: { RATE_LIMIT_PER_IP: '100000000/600', RATE_LIMIT_PER_LOGIN_ID: '100000000/3600' },
})
const url = (path: string) => `${server.base}${path}`
const targets = [
  `us-form-mismatch=POST ${url('/password/initialize')} ${mismatch} ${FORM}`,
  `us-form-repeated-match=POST ${url('/password/initialize')} ${match} ${FORM}`,
  `us-json-mismatch=POST ${url('/api/v1/password-initializations')} ${json} application/json`,
  `us-form-page=GET ${url('/password/initialize')}`,
]
console.log(`Serving ${server.base}; peer-bench targets:`)
console.log(targets.map((target) => `--target '${target}'`).join(' \\\n  '))
const stop = () => {
  server.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
// Keeps the process (and so the server) alive until a signal.
setInterval(() => {}, 1 << 30)
