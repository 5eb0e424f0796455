// The daily retention with three audit databases (src/db/audit-retention.ts,
// docs/decisions/034-audit-rotation.md): a database whose rows are all past 90 days is emptied
// whole before its next period; the others lose only what is past 90 days; the one being
// written is never emptied whole, whatever the cron missed.
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  auditRowsIn,
  databaseOfPeriod,
  inPeriod,
  resetRotatedDatabases,
  rotatedBindings,
  seedAuditRow,
} from '../support/audit-rotation'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { DAY, HOUR, MINUTE, TARO } from '../support/fixtures'
import { runScheduled } from '../support/scheduled'

beforeEach(async () => {
  await resetToDemoAccounts()
  await resetRotatedDatabases()
})

const RETENTION = 90 * DAY

/** Runs the daily cron at `at` with the three databases bound; answers its log line. */
async function retentionAt(at: number) {
  const client = testClient({ env: rotatedBindings() })
  await runScheduled(at, client.worker, undefined, { ...env, ...rotatedBindings() } as Env)
  const [line] = client.logs.events('retention')
  return line
}

const requestIds = async (d1: D1Database) => (await auditRowsIn(d1)).map((row) => row.requestId)

async function seedRefusal(d1: D1Database, lastAt: number, clientHash: string) {
  await d1
    .prepare(
      "INSERT INTO refused_submissions (client_hash, procedure, outcome, window_start, count, country, first_at, last_at, first_request_id) VALUES (?, 'password_initialization', 'invalid', ?, 1, NULL, ?, ?, 'r')",
    )
    .bind(clientHash, lastAt, lastAt, lastAt)
    .run()
}

describe('the daily retention with three audit databases', () => {
  it("empties the next period's database a day ahead, when every row in it is past 90 days", async () => {
    // The cron the day before period 1 starts: period 0 is written, period 1's database still
    // holds period −2 (ended 100 days before period 1), period −1's the 90 days' edge.
    const at = inPeriod(1) - 20 * HOUR
    const current = databaseOfPeriod(0)
    const next = databaseOfPeriod(1)
    const edge = databaseOfPeriod(-1)
    expect(databaseOfPeriod(-2)).toEqual(next)
    await seedAuditRow(next.d1, { occurredAt: inPeriod(-2), requestId: 'period-2-first' })
    await seedAuditRow(next.d1, { occurredAt: inPeriod(-1) - 1, requestId: 'period-2-last' })
    await seedRefusal(next.d1, inPeriod(-1) - MINUTE, 'a'.repeat(64))
    await seedAuditRow(edge.d1, { occurredAt: at - RETENTION - MINUTE, requestId: 'past-90-days' })
    await seedAuditRow(edge.d1, {
      occurredAt: at - RETENTION + MINUTE,
      requestId: 'within-90-days',
    })
    await seedRefusal(edge.d1, at - RETENTION - MINUTE, 'b'.repeat(64))
    await seedRefusal(edge.d1, at - RETENTION + MINUTE, 'c'.repeat(64))
    await seedAuditRow(current.d1, { occurredAt: at - HOUR, requestId: 'an-hour-ago' })

    const line = await retentionAt(at)

    expect(await requestIds(next.d1)).toEqual([])
    expect(await next.d1.prepare('SELECT count(*) AS n FROM refused_submissions').first('n')).toBe(
      0,
    )
    expect(await requestIds(edge.d1)).toEqual(['within-90-days'])
    const refusals = await edge.d1.prepare('SELECT client_hash FROM refused_submissions').all()
    expect(refusals.results).toEqual([{ client_hash: 'c'.repeat(64) }])
    expect(await requestIds(current.d1)).toEqual(['an-hour-ago'])
    expect(line).toMatchObject({
      auditEvents: 3,
      refusedSubmissions: 2,
      emptiedAuditDatabases: next.binding,
    })
  })

  it('leaves a database alone whose rows are all within 90 days', async () => {
    const at = inPeriod(1) - 20 * HOUR
    for (const periods of [-1, 0]) {
      await seedAuditRow(databaseOfPeriod(periods).d1, {
        occurredAt: at - 10 * DAY,
        requestId: `ten-days-in-${databaseOfPeriod(periods).binding}`,
      })
    }
    const line = await retentionAt(at)
    for (const periods of [-1, 0]) {
      expect(await requestIds(databaseOfPeriod(periods).d1)).toHaveLength(1)
    }
    expect(line).toMatchObject({ auditEvents: 0, refusedSubmissions: 0 })
    expect(line).not.toHaveProperty('emptiedAuditDatabases')
  })

  it('keeps a row of the next period written early by a clock ahead: nothing young is emptied', async () => {
    const at = inPeriod(1) - 30 * MINUTE
    const next = databaseOfPeriod(1)
    await seedAuditRow(next.d1, { occurredAt: inPeriod(-2), requestId: 'period-2' })
    await seedAuditRow(next.d1, { occurredAt: inPeriod(1) + 1000, requestId: 'clock-ahead' })
    const line = await retentionAt(at)
    expect(await requestIds(next.d1)).toEqual(['clock-ahead'])
    expect(line).not.toHaveProperty('emptiedAuditDatabases')
  })

  it('after missed crons, deletes only the old rows of the database already being written', async () => {
    // No cron ran before period 1 started: its database still holds period −2's rows when
    // period 1 writes to it. Three days in, the cron runs again.
    const client = testClient({ env: rotatedBindings() })
    const next = databaseOfPeriod(1)
    await seedAuditRow(next.d1, { occurredAt: inPeriod(-1) - HOUR, requestId: 'period-2' })
    client.clock.now = inPeriod(1, 2 * DAY)
    const response = await client.postForm('/password/initialize', TARO)
    expect(response.status).toBe(303)
    const written = await requestIds(next.d1)
    expect(written).toHaveLength(2)

    const line = await retentionAt(inPeriod(1, 3 * DAY))

    expect(await requestIds(next.d1)).toEqual(written.slice(1))
    expect(line).toMatchObject({ auditEvents: 1 })
    expect(line).not.toHaveProperty('emptiedAuditDatabases')
  })
})
