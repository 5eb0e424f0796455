// /healthz with three audit databases (src/probes/health.ts, docs/decisions/034-audit-rotation.md):
// each database's size under its own name, degraded above 80 % of any, 503 when any is down.
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { D1_MAX_BYTES } from '../../src/probes/health'
import { resetRotatedDatabases, rotatedBindings } from '../support/audit-rotation'
import { testClient } from '../support/client'
import { failingD1 } from '../support/failing-bindings'
import { withSizeAfter } from '../support/sized-d1'

beforeEach(resetRotatedDatabases)

type Usage = { sizeBytes: number | null; usedPercent: number | null }
type Health = { status: string; checks: Record<string, string> } & Record<string, Usage>

describe('GET /healthz with AUDIT_DB, AUDIT_DB_1 and AUDIT_DB_2', () => {
  it('reports every database by name, each a share of 10 GB', async () => {
    const response = await testClient({ env: rotatedBindings() }).request('/healthz')
    expect(response.status).toBe(200)
    const body: Health = await response.json()
    expect(body.status).toBe('ok')
    expect(body.checks).toEqual({
      d1: 'ok',
      auditD1: 'ok',
      auditD1_1: 'ok',
      auditD1_2: 'ok',
      kv: 'ok',
    })
    for (const name of ['d1', 'auditD1', 'auditD1_1', 'auditD1_2']) {
      expect(body[name]?.sizeBytes).toBeGreaterThan(0)
      expect(body[name]?.usedPercent).toBeLessThan(1)
    }
  })

  it('answers degraded, still 200, when one of the extra databases passes 80 %, and names it', async () => {
    const client = testClient({
      env: {
        ...rotatedBindings(),
        AUDIT_DB_2: withSizeAfter(env.TEST_AUDIT_DB_2, 0.85 * D1_MAX_BYTES),
      } as Partial<Env>,
    })
    const response = await client.request('/healthz')
    expect(response.status).toBe(200)
    const body: Health = await response.json()
    expect(body.status).toBe('degraded')
    expect(body.auditD1_2).toEqual({ sizeBytes: 0.85 * D1_MAX_BYTES, usedPercent: 85 })
    expect(body.auditD1_1?.usedPercent).toBeLessThan(1)
    expect(client.logs.events('d1_nearly_full')).toEqual([
      expect.objectContaining({ level: 'warn', database: 'AUDIT_DB_2', usedPercent: 85 }),
    ])
  })

  it('answers 503 naming the extra database that is down', async () => {
    const client = testClient({
      env: { ...rotatedBindings(), AUDIT_DB_1: failingD1() } as Partial<Env>,
    })
    const response = await client.request('/healthz')
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({
      status: 'unavailable',
      checks: { d1: 'ok', auditD1: 'ok', auditD1_1: 'failed', auditD1_2: 'ok', kv: 'ok' },
      auditD1_1: { sizeBytes: null, usedPercent: null },
    })
  })
})
