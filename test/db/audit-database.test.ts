// The audit trail lives in a D1 database of its own (AUDIT_DB; docs/decisions/029-audit-database.md):
// every audit write lands there and none in the accounts database (DB), the history merges the two,
// and retention deletes there.
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { initializedPasswords } from '../../src/db/schema'
import { auditEvents } from '../../src/db/schema/audit-tables'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { failingD1 } from '../support/failing-bindings'
import { DAY, T0, TARO } from '../support/fixtures'
import { auditDb, auditRows, db, refusedRows } from '../support/rows'
import { runScheduled } from '../support/scheduled'

beforeEach(resetToDemoAccountsWithoutKeys)

/** The accounts database's tables: no audit table but the renamed, emptied legacy ones. */
const accountsTables = async () =>
  (
    await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{
      name: string
    }>()
  ).results.map((row) => row.name)

const legacyRows = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM legacy_audit_events').first<{ n: number }>())?.n

describe('audit writes', () => {
  it('land in the audit database, never in the accounts database', async () => {
    const client = testClient()
    expect((await client.postForm('/password/initialize', TARO)).status).toBe(303)
    // A refusal (422) is counted there too.
    expect((await client.postForm('/password/initialize', { ...TARO, loginId: '1' })).status).toBe(
      422,
    )
    expect((await auditRows()).map((row) => [row.procedure, row.outcome])).toEqual([
      ['password_initialization', 'issued'],
    ])
    expect((await refusedRows()).map((row) => row.outcome)).toEqual(['invalid'])
    const tables = await accountsTables()
    expect(tables).not.toContain('audit_events')
    expect(tables).not.toContain('refused_submissions')
    // The rows an existing deployment had stay, renamed, until the operator copies them over.
    expect(tables).toContain('legacy_audit_events')
    expect(await legacyRows()).toBe(0)
  })

  it("of a provisioning change follow the change's commit: a failing audit database is logged, the change kept", async () => {
    const { key } = await insertApiKey({ scopes: 'accounts:write' })
    const client = testClient({ env: { AUDIT_DB: failingD1() } })
    const response = await client.request(`/api/v1/accounts/${TARO.loginId}`, {
      method: 'DELETE',
      headers: bearer(key),
    })
    expect(response.status).toBe(204)
    const [taro] = await db.query.accounts.findMany({
      where: (account, { eq }) => eq(account.loginId, TARO.loginId),
    })
    expect(taro?.status).toBe('closed')
    expect(client.logs.events('audit_write_failed')).toEqual([
      expect.objectContaining({ level: 'error', requestId: expect.any(String) }),
    ])
  })
})

describe('the history of one account, from both databases', () => {
  it('merges a full page of 100 audit rows with their 100 deliveries, past D1’s 100 bound parameters', async () => {
    const { key } = await insertApiKey({ scopes: 'accounts:read', name: 'help-desk' })
    const ids = Array.from({ length: 101 }, (_, i) => `request-${String(i).padStart(3, '0')}`)
    // In groups: D1 binds at most 100 parameters a statement.
    for (let i = 0; i < ids.length; i += 15) {
      await auditDb.insert(auditEvents).values(
        ids.slice(i, i + 15).map((requestId, j) => ({
          occurredAt: T0 + i + j,
          procedure: 'password_initialization',
          outcome: 'issued',
          loginId: TARO.loginId,
          requestId,
        })),
      )
      await db.insert(initializedPasswords).values(
        ids.slice(i, i + 15).map((id) => ({
          id,
          loginId: TARO.loginId,
          passwordHash: '$hmac-sha256$v=1$c2FsdA$aGFzaA',
          issuedAt: T0,
          expiresAt: T0 + DAY,
          deliveryState: 'sent' as const,
        })),
      )
    }
    const response = await testClient().request(
      `/api/v1/accounts/${TARO.loginId}/events?limit=100`,
      { headers: bearer(key) },
    )
    expect(response.status).toBe(200)
    const page: { events: Array<{ requestId: string; delivery: string }>; nextCursor: string } =
      await response.json()
    expect(page.events.map((event) => event.requestId)).toEqual(ids.slice(1).reverse())
    expect(page.events.every((event) => event.delivery === 'sent')).toBe(true)
    expect(page.nextCursor).toEqual(expect.any(String))
  })
})

describe('the daily retention', () => {
  it('deletes old audit rows in the audit database and counts them', async () => {
    await auditDb.insert(auditEvents).values(
      [
        ['old', T0 - 91 * DAY],
        ['young', T0 - DAY],
      ].map(([requestId, occurredAt]) => ({
        occurredAt: Number(occurredAt),
        procedure: 'password_initialization',
        outcome: 'no_match',
        loginId: TARO.loginId,
        requestId: String(requestId),
      })),
    )
    await runScheduled(T0)
    expect((await auditRows()).map((row) => row.requestId)).toEqual(['young'])
  })
})
