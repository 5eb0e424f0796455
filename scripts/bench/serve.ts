// Serves this service for ../shared/peer-bench (`npm run bench -- serve`): starts it as `npm run
// bench` does (fresh state, demo accounts, the KV windows raised), writes the request bodies of
// the four measured routes to files, prints the `--target` arguments for peer-bench's bench.mjs
// and keeps serving until interrupted. The per-client guard (10 per 60 s) stays as configured:
// run bench.mjs with a client address of its own per request (CF-Connecting-IP).
import { benchBodyFiles, startBenchServer } from './server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 8811)
const FORM = 'application/x-www-form-urlencoded'
const { mismatch, match, json } = benchBodyFiles()

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
