import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { inlineStatement } from '../../src/accounts/sql-text'
import { accountHistory, historyText, type Select } from '../../src/db/account-history-query'
import { initializedPasswords } from '../../src/db/schema'
import { auditEvents } from '../../src/db/schema/audit-tables'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { T0 } from '../support/fixtures'
import { auditDb, db } from '../support/rows'

const TARO = '123456789'

/** One database as the command reads it: a query's SQL with its values written in, as `--json` prints its rows. */
const asTheCommand = (d1: D1Database) => async (query: Select) =>
  (await d1.prepare(inlineStatement(query)).all<Record<string, unknown>>()).results

/**
 * `npm run accounts -- history` without the command: the shared function with each database
 * read the way the command hands it to D1 (as text), then the command's text.
 */
async function historyAsTheCommand(loginId: string, limit: number, cursor?: string) {
  const page = await accountHistory(
    { accounts: asTheCommand(env.DB), audit: [asTheCommand(env.AUDIT_DB)] },
    loginId,
    { before: cursor === undefined ? undefined : Number(cursor), limit },
  )
  if (page === null) throw new Error('no such account')
  return { page, ...historyText(page) }
}

let memberSite: string

beforeEach(async () => {
  await resetToDemoAccountsWithoutKeys()
  memberSite = (await insertApiKey({ name: 'member-site' })).id
  const row = { procedure: 'password_initialization', clientHash: 'c', loginId: TARO }
  await auditDb.insert(auditEvents).values([
    { ...row, occurredAt: T0, outcome: 'issued', requestId: 'req-1', country: 'JP' },
    { ...row, occurredAt: T0 + 60_000, outcome: 'no_match', requestId: 'req-2' },
    {
      ...row,
      occurredAt: T0 + 120_000,
      outcome: 'cooldown',
      requestId: 'req-3',
      apiKeyId: memberSite,
    },
    // Another account's: never in Taro's history.
    { ...row, occurredAt: T0, outcome: 'issued', requestId: 'req-4', loginId: '555000111' },
  ])
  await db.insert(initializedPasswords).values({
    id: 'req-1',
    loginId: TARO,
    passwordHash: 'h',
    issuedAt: T0,
    expiresAt: T0 + 3_600_000,
    deliveryState: 'sent',
    deliveryOutcome: 'delivered',
  })
})

describe('npm run accounts -- history (docs/operations.md#history-of-one-account)', () => {
  it('prints one tab-separated line an event, newest first, and where older ones are', async () => {
    const first = await historyAsTheCommand(TARO, 2)
    expect(first.lines).toEqual([
      `${new Date(T0 + 120_000).toISOString()}\tpassword_initialization\tcooldown\t-\t-\treq-3\tmember-site`,
      `${new Date(T0 + 60_000).toISOString()}\tpassword_initialization\tno_match\t-\t-\treq-2\t-`,
    ])
    expect(first.notes).toEqual([`Older events: --cursor ${first.page.nextCursor}`])

    const older = await historyAsTheCommand(TARO, 2, first.page.nextCursor ?? '')
    expect(older.lines).toEqual([
      `${new Date(T0).toISOString()}\tpassword_initialization\tissued\tdelivered\tJP\treq-1\t-`,
    ])
    expect(older.notes).toEqual([])
  })

  it('says so when no request named the login ID', async () => {
    const none = await historyAsTheCommand('987654321', 50)
    expect(none.lines).toEqual([])
    expect(none.notes).toEqual(['No requests named this login ID.'])
  })

  it('shows what GET /api/v1/accounts/{loginId}/events answers, page for page: one query', async () => {
    const client = testClient()
    const reader = (await insertApiKey({ scopes: 'accounts:read' })).key
    const command = await historyAsTheCommand(TARO, 2)
    const response = await client.request(`/api/v1/accounts/${TARO}/events?limit=2`, {
      headers: bearer(reader),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(command.page)
    const cursor = command.page.nextCursor ?? ''
    const next = await client.request(`/api/v1/accounts/${TARO}/events?limit=2&cursor=${cursor}`, {
      headers: bearer(reader),
    })
    expect(await next.json()).toEqual((await historyAsTheCommand(TARO, 2, cursor)).page)
  })
})
