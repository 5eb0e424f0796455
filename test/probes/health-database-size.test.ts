// /healthz reports each D1 database's size and degrades above 80 % of D1's limit
// (src/probes/health.ts, docs/capacity.md): the accounts (`DB`) and the audit trail (`AUDIT_DB`).
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { D1_DEGRADED_SHARE, D1_MAX_BYTES, HEALTH_PROBE_TTL_MS } from '../../src/probes/health'
import { testClient } from '../support/client'
import { failingD1 } from '../support/failing-bindings'
import { withSizeAfter } from '../support/sized-d1'

interface Health {
  status: string
  checks: Record<string, string>
  d1: { sizeBytes: number | null; usedPercent: number | null }
  auditD1: { sizeBytes: number | null; usedPercent: number | null }
}

describe("D1's limit as the health check counts it", () => {
  it('is 10 GB a database (Workers Paid), degraded above 80 %', () => {
    // https://developers.cloudflare.com/d1/platform/limits/: 10 GB per database.
    expect(D1_MAX_BYTES).toBe(10_000_000_000)
    expect(D1_DEGRADED_SHARE).toBe(0.8)
  })
})

describe('GET /healthz and the two databases', () => {
  it('reports both sizes as D1 answers them, each a share of 10 GB', async () => {
    const response = await testClient().request('/healthz')
    expect(response.status).toBe(200)
    const body: Health = await response.json()
    expect(body.status).toBe('ok')
    expect(body.checks).toEqual({ d1: 'ok', auditD1: 'ok', kv: 'ok' })
    for (const database of [body.d1, body.auditD1]) {
      expect(database.sizeBytes).toBeGreaterThan(0)
      expect(database.usedPercent).toBeLessThan(1)
    }
    // The blocklist's rows make the accounts database the larger of the two.
    expect(body.d1.sizeBytes).toBeGreaterThan(body.auditD1.sizeBytes ?? 0)
  })

  it('answers degraded, still 200, when the audit database passes 80 %, and names it in the log', async () => {
    const client = testClient({
      env: { AUDIT_DB: withSizeAfter(env.AUDIT_DB, 0.81 * D1_MAX_BYTES) },
    })
    const response = await client.request('/healthz')
    expect(response.status).toBe(200)
    const body: Health = await response.json()
    expect(body).toMatchObject({
      status: 'degraded',
      checks: { d1: 'ok', auditD1: 'ok', kv: 'ok' },
      auditD1: { sizeBytes: 0.81 * D1_MAX_BYTES, usedPercent: 81 },
    })
    expect(body.d1.usedPercent).toBeLessThan(1)
    expect(client.logs.events('d1_nearly_full')).toEqual([
      expect.objectContaining({ level: 'warn', database: 'AUDIT_DB', usedPercent: 81 }),
    ])
  })

  it('stays ok at exactly 80 %', async () => {
    const client = testClient({
      env: { AUDIT_DB: withSizeAfter(env.AUDIT_DB, D1_DEGRADED_SHARE * D1_MAX_BYTES) },
    })
    const body: Health = await (await client.request('/healthz')).json()
    expect(body.status).toBe('ok')
    expect(body.auditD1.usedPercent).toBe(80)
    expect(client.logs.events('d1_nearly_full')).toEqual([])
  })

  it('logs the warning once per isolate and database, while every answer stays degraded', async () => {
    const client = testClient({
      env: {
        DB: withSizeAfter(env.DB, 0.9 * D1_MAX_BYTES),
        AUDIT_DB: withSizeAfter(env.AUDIT_DB, 0.95 * D1_MAX_BYTES),
      },
    })
    for (let i = 0; i < 3; i++) {
      const body: Health = await (await client.request('/healthz')).json()
      expect(body.status).toBe('degraded')
      // Past the cache, so the sizes are read again.
      client.clock.now += HEALTH_PROBE_TTL_MS
    }
    expect(
      client.logs.events('d1_nearly_full').map((line) => [line.database, line.usedPercent]),
    ).toEqual([
      ['DB', 90],
      ['AUDIT_DB', 95],
    ])
  })

  it('answers 503 naming the audit database when it is down', async () => {
    const client = testClient({
      env: { AUDIT_DB: failingD1() },
    })
    const response = await client.request('/healthz')
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({
      status: 'unavailable',
      checks: { d1: 'ok', auditD1: 'failed', kv: 'ok' },
      auditD1: { sizeBytes: null, usedPercent: null },
    })
  })
})
