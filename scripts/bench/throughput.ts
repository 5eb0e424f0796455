// Throughput and CPU per request (`npm run bench -- throughput`): starts this service under `wrangler dev` on a
// state of its own (demo accounts, limits raised), then for each route sends requests from 16
// connections at once for a fixed time, each from a client address of its own, and prints
// requests per second, the median latency and the workerd processes' CPU per request. Compare
// with ../shared/peer-bench (the runtime floor and better-auth) run on the same machine.
import { clientAddress, median, startBenchServer, TARO as taro } from './server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 8797)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const WARMUP_SECONDS = 2
// BENCH_ONLY=mismatch measures only the routes whose name contains it.
const ONLY = process.env.BENCH_ONLY ?? ''

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  type: 'application/x-www-form-urlencoded',
  body: new URLSearchParams(fields).toString(),
})
const routes = [
  { name: 'GET /password/initialize (the form page)', path: '/password/initialize', method: 'GET' },
  {
    name: 'POST /password/initialize, mismatch',
    path: '/password/initialize',
    ...form({ ...taro, name: 'Jiro KOKU' }),
  },
  {
    name: 'POST /password/initialize, repeated match',
    path: '/password/initialize',
    ...form(taro),
  },
  {
    name: 'POST /api/v1/password-initializations, mismatch',
    path: '/api/v1/password-initializations',
    method: 'POST',
    type: 'application/json',
    body: JSON.stringify({
      loginId: taro.loginId,
      name: 'Jiro KOKU',
      phone: '+819012345678',
      email: taro.email,
    }),
  },
]

let sent = 0
async function load(route: (typeof routes)[number], seconds: number) {
  const latencies: number[] = []
  let failures = 0
  const until = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const started = performance.now()
        const response = await fetch(`http://127.0.0.1:${PORT}${route.path}`, {
          method: route.method,
          body: 'body' in route ? route.body : undefined,
          headers: {
            ...('type' in route ? { 'Content-Type': route.type } : {}),
            'CF-Connecting-IP': clientAddress(sent++),
          },
          redirect: 'manual',
        })
        await response.arrayBuffer()
        latencies.push(performance.now() - started)
        if (response.status >= 400) failures++
      }
    }),
  )
  return { latencies, failures }
}

const server = await startBenchServer({
  port: PORT,
  vars: { RATE_LIMIT_PER_IP: '100000000/600', RATE_LIMIT_PER_LOGIN_ID: '100000000/3600' },
})
try {
  console.log(
    `${CONNECTIONS} connections, ${SECONDS} s per route after ${WARMUP_SECONDS} s of warm-up`,
  )
  console.log(
    'route                                             req/s  median ms  workerd CPU ms/req  errors',
  )
  for (const route of routes.filter(({ name }) => name.includes(ONLY))) {
    await load(route, WARMUP_SECONDS)
    const cpuBefore = server.cpuMs()
    const started = performance.now()
    const { latencies, failures } = await load(route, SECONDS)
    const elapsed = (performance.now() - started) / 1000
    const cpu = (server.cpuMs() - cpuBefore) / latencies.length
    console.log(
      `${route.name.padEnd(48)} ${(latencies.length / elapsed).toFixed(0).padStart(6)} ${median(latencies).toFixed(1).padStart(10)} ${cpu.toFixed(2).padStart(19)} ${String(failures).padStart(7)}`,
    )
  }
} finally {
  server.stop()
}
