// What reads the audit trail reads every audit database (docs/decisions/034-audit-rotation.md):
// one account's history (the API and `npm run accounts -- history`) merged newest first across
// them, its cursors crossing from one database to the next; the traffic view's counts added.
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { inlineStatement } from '../../src/accounts/sql-text'
import { accountHistory, type Select } from '../../src/db/account-history-query'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import {
  databaseOfPeriod,
  inPeriod,
  resetRotatedDatabases,
  rotatedBindings,
  rotatedDatabases,
  seedAuditRow,
  slotOf,
} from '../support/audit-rotation'
import { testClient } from '../support/client'
import { HOUR, TARO } from '../support/fixtures'

beforeEach(async () => {
  await resetToDemoAccountsWithoutKeys()
  await resetRotatedDatabases()
})

interface Page {
  events: Array<{ occurredAt: string; outcome: string; requestId: string }>
  nextCursor: string | null
}

/** Five submissions naming Taro over three periods, so in all three databases; answers their times. */
async function taroOverThreePeriods(client: ReturnType<typeof testClient>) {
  const times = [inPeriod(0, HOUR), inPeriod(1, HOUR), inPeriod(1, 2 * HOUR), inPeriod(2, HOUR)]
  times.push(inPeriod(2, 2 * HOUR))
  for (const [index, at] of times.entries()) {
    client.clock.now = at
    const name = index % 2 === 0 ? TARO.name : 'Jiro KOKU'
    expect((await client.postForm('/password/initialize', { ...TARO, name })).status).toBe(303)
  }
  expect(new Set(times.map(slotOf)).size).toBe(3)
  return times
}

describe("one account's history with three audit databases", () => {
  it('pages newest first across the databases, its cursors crossing from one to the next', async () => {
    const client = testClient({ env: rotatedBindings() })
    const times = await taroOverThreePeriods(client)
    const reader = (await insertApiKey({ name: 'help-desk', scopes: 'accounts:read' })).key
    const seen: string[] = []
    let cursor: string | null = ''
    while (cursor !== null) {
      const query: string = cursor === '' ? '?limit=2' : `?limit=2&cursor=${cursor}`
      const response = await client.request(`/api/v1/accounts/${TARO.loginId}/events${query}`, {
        headers: bearer(reader),
      })
      expect(response.status).toBe(200)
      const page: Page = await response.json()
      seen.push(...page.events.map((event) => event.occurredAt))
      cursor = page.nextCursor
    }
    expect(seen).toEqual(times.reverse().map((at) => new Date(at).toISOString()))
  })

  it('is the same page for `npm run accounts -- history`, which reads each database by its binding', async () => {
    const client = testClient({ env: rotatedBindings() })
    const times = await taroOverThreePeriods(client)
    const asTheCommand = (d1: D1Database) => async (query: Select) =>
      (await d1.prepare(inlineStatement(query)).all<Record<string, unknown>>()).results
    const page = await accountHistory(
      {
        accounts: asTheCommand(env.DB),
        audit: rotatedDatabases().map(({ d1 }) => asTheCommand(d1)),
      },
      TARO.loginId,
      { limit: 3 },
    )
    expect(page?.events.map((event) => event.occurredAt)).toEqual(
      times
        .slice(2)
        .reverse()
        .map((at) => new Date(at).toISOString()),
    )
    expect(page?.events.map((event) => event.outcome)).toEqual(['issued', 'no_match', 'issued'])
    expect(page?.nextCursor).not.toBeNull()
  })
})

describe('the traffic view with three audit databases', () => {
  it('adds the counts of the databases its seven days span, the busiest client across them', async () => {
    // Four days before and three after a period boundary: two databases.
    const now = inPeriod(1, 3 * 24 * HOUR)
    const before = databaseOfPeriod(0).d1
    const after = databaseOfPeriod(1).d1
    // The busy client: five rows before the boundary, one after, where six others made two
    // each; in neither database's five busiest, in the view's with its total.
    const busy = 'b'.repeat(64)
    const rows: Array<[D1Database, number, string]> = [
      ...Array.from({ length: 5 }, (): [D1Database, number, string] => [
        before,
        inPeriod(1) - 2 * HOUR,
        busy,
      ]),
      [after, inPeriod(1) + 2 * HOUR, busy],
      ...['c', 'd', 'e', 'f', 'g', 'h'].flatMap(
        (letter): Array<[D1Database, number, string]> => [
          [after, inPeriod(1) + HOUR, letter.repeat(64)],
          [after, inPeriod(1) + HOUR, letter.repeat(64)],
        ],
      ),
    ]
    for (const [index, [d1, occurredAt, clientHash]] of rows.entries()) {
      await seedAuditRow(d1, { occurredAt, clientHash, requestId: `ops-${index}` })
    }
    // Past the window: not counted.
    await seedAuditRow(before, { occurredAt: now - 8 * 24 * HOUR, requestId: 'too-old' })
    const client = testClient({
      env: { ...rotatedBindings(), OPS_OPEN_LOCALLY: 'true' } as Partial<Env>,
    })
    client.clock.now = now
    const response = await client.request('/ops/summary.json')
    expect(response.status).toBe(200)
    const summary = (await response.json()) as {
      submissions: Array<{ hour: string; count: number }>
      totalSubmissions: number
      busiestClientShares: number[]
    }
    expect(summary.totalSubmissions).toBe(18)
    expect(summary.submissions.map((row) => [row.hour, row.count])).toEqual([
      [new Date(inPeriod(1) - 2 * HOUR).toISOString(), 5],
      [new Date(inPeriod(1) + HOUR).toISOString(), 12],
      [new Date(inPeriod(1) + 2 * HOUR).toISOString(), 1],
    ])
    expect(summary.busiestClientShares).toEqual([6 / 18, 2 / 18, 2 / 18, 2 / 18, 2 / 18])
  })
})
