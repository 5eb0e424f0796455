import { beforeEach, describe, expect, it } from 'vitest'
import { accounts, initializedPasswords, loginIdNotifications } from '../../src/db/schema'
import { auditEvents, refusedSubmissions } from '../../src/db/schema/audit-tables'
import { RETENTION_CRON } from '../../src/worker'
import { ids } from '../support/audit'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { DAY, HOUR, MINUTE, T0, TARO, TARO_CONTACT } from '../support/fixtures'
import { auditDb, auditRows, db, refusedRows } from '../support/rows'
import { cronTriggers, runScheduled } from '../support/scheduled'

beforeEach(resetToDemoAccounts)

async function seedAuditEvent(occurredAt: number, requestId: string): Promise<void> {
  await auditDb.insert(auditEvents).values({
    occurredAt,
    procedure: 'password_initialization',
    outcome: 'no_match',
    loginId: '123456789',
    clientHash: 'a'.repeat(64),
    country: 'JP',
    requestId,
  })
}

async function seedInitializedPassword(
  id: string,
  times: { issuedAt: number; expiresAt: number; usedAt?: number },
): Promise<void> {
  await db.insert(initializedPasswords).values({
    id,
    loginId: '123456789',
    passwordHash: '$pbkdf2-sha256$i=1$c2FsdA$aGFzaA',
    issuedAt: times.issuedAt,
    expiresAt: times.expiresAt,
    usedAt: times.usedAt ?? null,
    deliveryState: 'sent',
  })
}

async function seedNotification(id: string, sentAt: number): Promise<void> {
  await db
    .insert(loginIdNotifications)
    .values({ id, recipientHash: 'b'.repeat(64), sentAt, deliveryState: 'sent' })
}

describe('the daily retention (cron trigger)', () => {
  it('is scheduled by a cron trigger in wrangler.toml, the one the Worker runs retention for', () => {
    const crons = cronTriggers()
    expect(crons).toContain(RETENTION_CRON)
    // Daily: fixed minute and hour, every day of every month.
    expect(RETENTION_CRON).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/)
  })

  it('deletes audit events older than 90 days and keeps younger ones', async () => {
    await seedAuditEvent(T0 - 91 * DAY, 'older-than-90-days')
    await seedAuditEvent(T0 - 90 * DAY - MINUTE, 'just-past-90-days')
    await seedAuditEvent(T0 - 89 * DAY, 'eighty-nine-days')
    await seedAuditEvent(T0 - HOUR, 'an-hour')

    await runScheduled(T0)

    expect((await auditRows()).map((row) => row.requestId)).toEqual(['eighty-nine-days', 'an-hour'])
  })

  it('deletes refused-submission counts last touched over 90 days ago', async () => {
    for (const [clientHash, lastAt] of [
      ['a'.repeat(64), T0 - 91 * DAY],
      ['b'.repeat(64), T0 - 89 * DAY],
    ] as const) {
      await auditDb.insert(refusedSubmissions).values({
        clientHash,
        procedure: 'password_initialization',
        outcome: 'invalid',
        windowStart: lastAt,
        count: 3,
        country: null,
        firstAt: lastAt,
        lastAt,
        firstRequestId: 'r',
      })
    }
    await runScheduled(T0)
    expect((await refusedRows()).map((row) => row.clientHash)).toEqual(['b'.repeat(64)])
  })

  it('deletes initialized passwords past their expiry once issued over 24 hours ago', async () => {
    await seedInitializedPassword('expired-issued-25h-ago', {
      issuedAt: T0 - 25 * HOUR,
      expiresAt: T0 - 24 * HOUR,
    })
    await seedInitializedPassword('used-issued-3-days-ago', {
      issuedAt: T0 - 3 * DAY,
      expiresAt: T0 - 3 * DAY + HOUR,
      usedAt: T0 - 3 * DAY + MINUTE,
    })
    await seedInitializedPassword('expired-issued-2h-ago', {
      issuedAt: T0 - 2 * HOUR,
      expiresAt: T0 - HOUR,
    })
    await seedInitializedPassword('unexpired', {
      issuedAt: T0 - 10 * MINUTE,
      expiresAt: T0 + 50 * MINUTE,
    })

    await runScheduled(T0)

    expect(await ids(initializedPasswords)).toEqual(['expired-issued-2h-ago', 'unexpired'])
  })

  it('keeps expired passwords of the last 24 hours, so the five-a-day cap still holds', async () => {
    for (const hoursAgo of [23, 20, 15, 10, 2]) {
      await seedInitializedPassword(`issued-${hoursAgo}h-ago`, {
        issuedAt: T0 - hoursAgo * HOUR,
        expiresAt: T0 - hoursAgo * HOUR + HOUR,
      })
    }
    await runScheduled(T0)
    expect(await ids(initializedPasswords)).toHaveLength(5)

    const client = testClient()
    client.clock.now = T0
    const response = await client.postForm('/password/initialize', TARO)
    expect(response.status).toBe(303)
    expect(client.mailer.sent).toEqual([])
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['cooldown'])
  })

  it('deletes login ID notification records older than 24 hours', async () => {
    await seedNotification('sent-25h-ago', T0 - 25 * HOUR)
    await seedNotification('sent-1h-ago', T0 - HOUR)

    await runScheduled(T0)

    expect(await ids(loginIdNotifications)).toEqual(['sent-1h-ago'])
  })

  it('leaves the accounts and everything recent alone when nothing is old', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm('/password/initialize', TARO)).status).toBe(303)
    expect((await client.postForm('/login-id/notify', TARO_CONTACT)).status).toBe(303)
    const before = {
      audit: await auditRows(),
      passwords: await ids(initializedPasswords),
      notifications: await ids(loginIdNotifications),
    }
    expect(before.passwords).toHaveLength(1)
    expect(before.notifications).toHaveLength(1)

    await runScheduled(T0 + 2 * HOUR)

    expect({
      audit: await auditRows(),
      passwords: await ids(initializedPasswords),
      notifications: await ids(loginIdNotifications),
    }).toEqual(before)
    expect(await db.$count(accounts)).toBe(6)
  })
})
