// Round trips on the response path (`npm run bench -- latency`): starts the service with every D1,
// KV and Queue call delayed by 50 ms (BENCH_BINDING_DELAY_MS, read only by
// src/platform/delayed-bindings.ts), then times valid submissions, each from a client of its own,
// one after another and 8 at a time. A response that waits for n sequential binding calls takes
// about n x 50 ms more than a page that needs none. Target: at most 2 round trips.
import { clientAddress, median, startBenchServer, TARO as taro } from './server.ts'

const DELAY_MS = 50
const PORT = Number(process.env.BENCH_PORT ?? 8798)
const N = Number(process.env.BENCH_REQUESTS ?? 40)

const cases = [
  { name: 'GET /password/initialize (no binding)', method: 'GET', path: '/password/initialize' },
  {
    name: 'POST /password/initialize',
    path: '/password/initialize',
    type: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(taro).toString(),
  },
  {
    name: 'POST /api/v1/password-initializations',
    path: '/api/v1/password-initializations',
    type: 'application/json',
    body: JSON.stringify({
      ...taro,
      phoneCountry: undefined,
      phoneNumber: undefined,
      phone: '+819012345678',
    }),
  },
  {
    name: 'POST /login-id/notify',
    path: '/login-id/notify',
    type: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({ ...taro, loginId: '' }).toString(),
  },
]

let n = 0
async function once(c: (typeof cases)[number]) {
  const started = performance.now()
  const response = await fetch(`http://127.0.0.1:${PORT}${c.path}`, {
    method: c.method ?? 'POST',
    body: c.body,
    headers: {
      ...(c.type ? { 'Content-Type': c.type } : {}),
      'CF-Connecting-IP': clientAddress(n++),
    },
    redirect: 'manual',
  })
  await response.arrayBuffer()
  if (response.status >= 400) throw new Error(`${c.name}: ${response.status}`)
  return performance.now() - started
}

/** Median sequential and 8-at-once times of every case against a server started with `delayMs`. */
async function measure(delayMs: number) {
  const server = await startBenchServer({
    port: PORT,
    vars: {
      BENCH_BINDING_DELAY_MS: String(delayMs),
      RATE_LIMIT_PER_IP: '1000000/60',
      RATE_LIMIT_PER_LOGIN_ID: '1000000/60',
    },
  })
  try {
    for (const c of cases) await once(c)
    const rows: Array<{ sequential: number; concurrent: number }> = []
    for (const c of cases) {
      const sequential: number[] = []
      for (let i = 0; i < N; i++) sequential.push(await once(c))
      const concurrent: number[] = []
      for (let i = 0; i < N; i += 8) {
        concurrent.push(...(await Promise.all(Array.from({ length: 8 }, () => once(c)))))
      }
      rows.push({ sequential: median(sequential), concurrent: median(concurrent) })
    }
    return rows
  } finally {
    server.stop()
  }
}

const near = await measure(0)
const far = await measure(DELAY_MS)
console.log(
  `Medians of ${N} requests per row; "far": every D1, KV and Queue call delayed by ${DELAY_MS} ms`,
)
console.log(
  'request                                   near ms   far ms  far, 8 at once  round trips',
)
let worst = 0
cases.forEach((c, i) => {
  const a = near[i]
  const b = far[i]
  if (!a || !b) return
  const trips = Math.round((b.sequential - a.sequential) / DELAY_MS)
  if (c.method !== 'GET') worst = Math.max(worst, trips)
  console.log(
    `${c.name.padEnd(40)} ${a.sequential.toFixed(1).padStart(8)} ${b.sequential.toFixed(1).padStart(8)} ${b.concurrent.toFixed(1).padStart(15)} ${String(trips).padStart(12)}`,
  )
})
console.log(
  `most sequential round trips on a submission's response path: ${worst} (target: at most 2)`,
)
