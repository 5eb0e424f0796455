import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { PROBE_GUARD_PERIOD_SECONDS } from '../../src/middleware/probe-guard'
import { D1_MAX_BYTES, HEALTH_PROBE_TTL_MS } from '../../src/probes/health'
import wranglerToml from '../../wrangler.toml?raw'
import { testClient } from '../support/client'
import { CountingD1Database } from '../support/counting-d1'
import { d1FailingAfter, failingKv } from '../support/failing-bindings'
import { withSizeAfter } from '../support/sized-d1'

let lastHost = 0
const freshClient = () => ({
  'CF-Connecting-IP': `198.19.${Math.floor(Math.random() * 250)}.${++lastHost}`,
})

const atDefault = () => testClient({ env: { PROBE_GUARD: env.PROBE_GUARD_AT_DEFAULT } })

const cspReport = JSON.stringify({
  'csp-report': { 'document-uri': 'http://localhost:8787/', 'blocked-uri': 'inline' },
})

describe('the probes guard in wrangler.toml', () => {
  it('is a Rate Limiting binding of 20 per 60 seconds, the period sent as Retry-After', () => {
    const table =
      wranglerToml
        .split(/^(?=\[)/m)
        .find((t) => t.startsWith('[[ratelimits]]') && t.includes('"PROBE_GUARD"')) ?? ''
    expect(table).toMatch(
      new RegExp(`^simple = \\{ limit = 20, period = ${PROBE_GUARD_PERIOD_SECONDS} \\}$`, 'm'),
    )
  })
})

describe.each([
  {
    route: '/healthz',
    send: (client: ReturnType<typeof testClient>, from: object) =>
      client.request('/healthz', { headers: { ...from } }),
  },
  {
    route: '/csp-reports',
    send: (client: ReturnType<typeof testClient>, from: object) =>
      client.request('/csp-reports', {
        method: 'POST',
        body: cspReport,
        headers: { 'Content-Type': 'application/csp-report', ...from },
      }),
  },
])('$route from one client', ({ send }) => {
  it('answers 20 requests a minute, then 429 with Retry-After', async () => {
    const client = atDefault()
    const from = freshClient()
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) statuses.push((await send(client, from)).status)
    expect(statuses.slice(0, 20).every((status) => status < 300)).toBe(true)
    const limited = await send(client, from)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBe(String(PROBE_GUARD_PERIOD_SECONDS))
    expect(await limited.text()).toBe('')
  })

  it("does not spend another client's budget", async () => {
    const client = atDefault()
    const noisy = freshClient()
    for (let i = 0; i < 22; i++) await send(client, noisy)
    expect((await send(client, freshClient())).status).toBeLessThan(300)
  })
})

describe('GET /healthz', () => {
  it('reads D1 once, not on every call, while it keeps answering', async () => {
    const counting = new CountingD1Database(env.DB)
    const client = testClient({ env: { DB: counting } })
    for (let i = 0; i < 5; i++) expect((await client.request('/healthz')).status).toBe(200)
    expect(counting.calls).toHaveLength(1)
    client.clock.now += HEALTH_PROBE_TTL_MS
    expect((await client.request('/healthz')).status).toBe(200)
    expect(counting.calls).toHaveLength(2)
  })

  it('answers 503 at most 30 seconds after D1 went down, and at once on every call after', async () => {
    const goingDown = d1FailingAfter(env.DB, 1)
    const client = testClient({ env: { DB: goingDown } })
    expect((await client.request('/healthz')).status).toBe(200)
    client.clock.now += HEALTH_PROBE_TTL_MS
    const down = await client.request('/healthz')
    expect(down.status).toBe(503)
    expect(await down.json()).toEqual({
      status: 'unavailable',
      checks: { d1: 'failed', auditD1: 'ok', kv: 'ok' },
      d1: { sizeBytes: null, usedPercent: null },
      auditD1: { sizeBytes: expect.any(Number), usedPercent: expect.any(Number) },
    })
    // A failure is not kept as the answer: each call asks again, and is still 503.
    expect((await client.request('/healthz')).status).toBe(503)
  })

  it('answers 503 when KV is down', async () => {
    const response = await testClient({ env: { RATE_LIMITS: failingKv() } }).request('/healthz')
    expect(response.status).toBe(503)
  })

  it("reports the accounts database's size as D1 answers it", async () => {
    const response = await testClient().request('/healthz')
    expect(response.status).toBe(200)
    const body: { status: string; d1: { sizeBytes: number; usedPercent: number } } =
      await response.json()
    expect(body.status).toBe('ok')
    expect(body.d1.sizeBytes).toBeGreaterThan(0)
    expect(body.d1.usedPercent).toBeLessThan(1)
  })

  it('answers degraded, still 200, above 80 % of D1’s 10 GB, and logs it', async () => {
    const nearlyFull = withSizeAfter(env.DB, 0.85 * D1_MAX_BYTES)
    const client = testClient({ env: { DB: nearlyFull } })
    const response = await client.request('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      status: 'degraded',
      checks: { d1: 'ok', auditD1: 'ok', kv: 'ok' },
      d1: { sizeBytes: 0.85 * D1_MAX_BYTES, usedPercent: 85 },
      auditD1: { sizeBytes: expect.any(Number), usedPercent: expect.any(Number) },
    })
    expect(client.logs.events('d1_nearly_full')).toHaveLength(1)
  })
})
