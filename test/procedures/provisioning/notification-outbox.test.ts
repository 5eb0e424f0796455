import { env } from 'cloudflare:workers'
import { asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { accountNotifications } from '../../../src/db/schema'
import { readConfig } from '../../../src/platform/config'
import type { Mailer } from '../../../src/platform/mailer'
import { passwordChangedMail } from '../../../src/procedures/password-changed-mail'
import { NOTICE_MAX_ATTEMPTS } from '../../../src/procedures/provisioning/notification-outbox'
import { OUTBOX_CRON, RETENTION_CRON } from '../../../src/worker'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { DAY, HOUR, T0 } from '../../support/fixtures'
import { type CsvCells, importCsvRows, TARO_CSV } from '../../support/import-command'
import { emailServiceError, RecordingMailer } from '../../support/recording-mailer'
import { accountRow, db, expectNoneOf, updateAccount } from '../../support/rows'
import { cronTriggers, runScheduled } from '../../support/scheduled'
import {
  verifiesAsStandardWebhook,
  WEBHOOK_SECRET,
  WEBHOOKS_ON,
} from '../../support/webhook-receiver'

/** Taro as the system of record holds him, with the demo password's legacy hash set at `at`. */
const taro = (at: string | null): CsvCells => ({
  ...TARO_CSV,
  ...(at === null ? {} : { password_hash: DEMO_PASSWORD_HASH, password_changed_at: at }),
})
const CHANGED_AT = '2026-11-29T09:00:00Z'

let client: ReturnType<typeof testClient>
const bindings = { ...env, ...WEBHOOKS_ON } as Env

beforeEach(async () => {
  await resetToDemoAccounts()
  client = testClient({ env: WEBHOOKS_ON })
  client.clock.now = T0
})

/** One run of the five-minute cron, then the queue's events delivered to the receiver. */
async function drain(at = T0) {
  client.clock.now = at
  await runScheduled(at, client.worker, OUTBOX_CRON, bindings)
  await client.deliverQueue()
}

const outboxRows = () =>
  db.select().from(accountNotifications).orderBy(asc(accountNotifications.id))

describe('the import outbox: e-mails and events for hashes the import applied', () => {
  it('is drained by a cron trigger of its own in wrangler.toml', () => {
    expect(cronTriggers()).toContain(OUTBOX_CRON)
  })

  it('sends the holder the e-mail PUT sends and posts a signed password.changed, once', async () => {
    const plan = await importCsvRows([taro(CHANGED_AT)])
    expect(plan.counts.changed).toBe(1)
    expect(await outboxRows()).toEqual([
      expect.objectContaining({
        loginId: '123456789',
        kind: 'password_changed',
        source: 'system_of_record',
        passwordChangedAt: Date.parse(CHANGED_AT),
        sentAt: null,
        attempts: 0,
      }),
    ])
    // Nothing goes out before the cron runs: the import has no mailer.
    expect(client.mailer.sent).toEqual([])

    await drain()
    const account = await accountRow('123456789')
    if (account === undefined) throw new Error('Taro is a demo account')
    expect(client.mailer.sent).toEqual([
      passwordChangedMail(readConfig(bindings), account, Date.parse(CHANGED_AT)),
    ])
    expect(client.mailer.sent[0]?.to).toBe('taro.koku@example.com')
    const [post, ...more] = client.receiver.received
    expect(more).toEqual([])
    expect(post && (await verifiesAsStandardWebhook(WEBHOOK_SECRET, post, T0 / 1000))).toBe(true)
    expect(client.receiver.payloads).toEqual([
      {
        type: 'password.changed',
        timestamp: new Date(T0).toISOString(),
        data: { loginId: '123456789', passwordKind: 'current', source: 'system_of_record' },
      },
    ])
    expect(await outboxRows()).toEqual([
      expect.objectContaining({ sentAt: T0, attempts: 1, lastError: null }),
    ])
    expect(client.logs.events('account_notifications')).toEqual([
      expect.objectContaining({ sent: 1, failed: 0, skipped: 0 }),
    ])

    // The next runs find nothing to send; the same file again writes no new row.
    await drain(T0 + 5 * 60_000)
    expect((await importCsvRows([taro(CHANGED_AT)])).counts.unchanged).toBe(1)
    await drain(T0 + 10 * 60_000)
    expect(client.mailer.sent).toHaveLength(1)
    expect(client.receiver.received).toHaveLength(1)
    expect(await outboxRows()).toHaveLength(1)
    expect(client.logs.events('account_notifications')).toHaveLength(1)
  })

  it('queues nothing when the import applied no hash: kept newer here, unchanged, contact only, a new account', async () => {
    await updateAccount('123456789', { passwordChangedAt: Date.parse('2026-11-30T00:00:00Z') })
    const kept = await importCsvRows([taro(CHANGED_AT)])
    expect(kept.counts).toMatchObject({ keptNewerHere: 1, unchanged: 1 })
    const contactOnly = await importCsvRows([{ ...taro(null), email: 'taro@example.net' }])
    expect(contactOnly.counts.changed).toBe(1)
    const created = await importCsvRows([
      { ...taro(CHANGED_AT), login_id: '100000001', email: 'new.holder@example.com' },
    ])
    expect(created.counts.new).toBe(1)

    await drain()
    expect(await outboxRows()).toEqual([])
    expect(client.mailer.sent).toEqual([])
    expect(client.receiver.received).toEqual([])
  })

  it('queues nothing when the holder set a password after the plan was made (the upsert keeps it)', async () => {
    const plan = importCsvRows([taro(CHANGED_AT)], 'race', async () => {
      await updateAccount('123456789', {
        passwordHash: '$argon2id$set-here-meanwhile',
        passwordChangedAt: Date.parse('2026-11-30T00:00:00Z'),
      })
    })
    expect((await plan).counts.changed).toBe(1)
    expect((await accountRow('123456789'))?.passwordHash).toBe('$argon2id$set-here-meanwhile')
    expect(await outboxRows()).toEqual([])
  })

  it('tries a failing row again on the next runs, then gives it up with a log line and no personal data', async () => {
    await importCsvRows([taro(CHANGED_AT)])
    client.mailer.failWith = emailServiceError('E_RATE_LIMIT_EXCEEDED')
    for (let run = 0; run < NOTICE_MAX_ATTEMPTS + 2; run++) await drain(T0 + run * 5 * 60_000)
    expect(client.mailer.attempts).toBe(NOTICE_MAX_ATTEMPTS)
    expect(await outboxRows()).toEqual([
      expect.objectContaining({ sentAt: null, attempts: NOTICE_MAX_ATTEMPTS, lastError: 'Error' }),
    ])
    expect(client.logs.events('account_notification_failed')).toHaveLength(NOTICE_MAX_ATTEMPTS - 1)
    const [gaveUp, ...again] = client.logs.events('account_notification_gave_up')
    expect(again).toEqual([])
    expect(gaveUp).toMatchObject({ level: 'error', attempts: NOTICE_MAX_ATTEMPTS, error: 'Error' })
    expectNoneOf({ logs: client.logs.lines.join('\n') }, ['123456789', 'taro', 'Koku'])
    // Each try posted the same event, under one webhook-id the receiver drops duplicates by.
    const ids = new Set(client.receiver.received.map((post) => post.headers['webhook-id']))
    expect(ids.size).toBe(1)
  })

  it('sends a row that failed once on the next run, and only once', async () => {
    await importCsvRows([taro(CHANGED_AT)])
    client.mailer.failNext.push(emailServiceError('E_INTERNAL_SERVER_ERROR'))
    await drain()
    expect(client.mailer.sent).toEqual([])
    await drain(T0 + 5 * 60_000)
    await drain(T0 + 10 * 60_000)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual(['taro.koku@example.com'])
    expect(await outboxRows()).toEqual([
      expect.objectContaining({ sentAt: T0 + 5 * 60_000, attempts: 2, lastError: null }),
    ])
  })

  it('sends a row once when a run starts while another is still sending it', async () => {
    await importCsvRows([taro(CHANGED_AT)])
    const recorded = new RecordingMailer()
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const slowMailer: Mailer = {
      async send(mail) {
        await held
        return recorded.send(mail)
      },
    }
    const slow = testClient({ env: WEBHOOKS_ON, deps: { mailer: () => slowMailer } })
    slow.clock.now = T0
    const first = runScheduled(T0, slow.worker, OUTBOX_CRON, bindings)
    while ((await outboxRows())[0]?.claimedAt == null) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    slow.clock.now = T0 + 60_000
    // Were the second run to send too, it would wait on the same mailer: let it go in a second.
    setTimeout(release, 1_000)
    await runScheduled(T0 + 60_000, slow.worker, OUTBOX_CRON, bindings)
    release()
    await first
    expect(recorded.sent.map((mail) => mail.to)).toEqual(['taro.koku@example.com'])
    expect(await outboxRows()).toEqual([expect.objectContaining({ attempts: 1, claimedAt: T0 })])
  })

  it('skips a row of an unknown login ID or kind, saying why, and never tries it again', async () => {
    const row = { source: 'system_of_record', passwordChangedAt: 1, createdAt: 1 }
    await db.insert(accountNotifications).values([
      { ...row, loginId: '999999999', kind: 'password_changed' },
      { ...row, loginId: '123456789', kind: 'something_else' },
    ])
    await drain()
    await drain(T0 + 5 * 60_000)
    expect(client.mailer.attempts).toBe(0)
    expect(client.receiver.received).toEqual([])
    expect(client.logs.events('account_notification_skipped').map((line) => line.reason)).toEqual([
      'unknown_account',
      'unknown_kind',
    ])
    expect(
      (await outboxRows()).map(({ sentAt, attempts, lastError }) => ({
        sentAt,
        attempts,
        lastError,
      })),
    ).toEqual([
      { sentAt: null, attempts: NOTICE_MAX_ATTEMPTS, lastError: 'unknown_account' },
      { sentAt: null, attempts: NOTICE_MAX_ATTEMPTS, lastError: 'unknown_kind' },
    ])
    expectNoneOf({ logs: client.logs.lines.join('\n') }, ['999999999', '123456789'])
  })

  it('leaves the outbox alone on the daily retention run, and retention alone on its own', async () => {
    await importCsvRows([taro(CHANGED_AT)])
    await runScheduled(T0 + HOUR, client.worker, RETENTION_CRON, bindings)
    expect(client.mailer.sent).toEqual([])
    expect(
      await db.select().from(accountNotifications).where(eq(accountNotifications.attempts, 0)),
    ).toHaveLength(1)
    expect(client.logs.events('retention')).toHaveLength(1)
    await drain()
    expect(client.logs.events('retention')).toHaveLength(1)
  })

  it('has the daily retention delete rows created over 90 days ago, sent or given up', async () => {
    const row = { loginId: '123456789', kind: 'password_changed', source: 'system_of_record' }
    const created = (days: number) => ({ ...row, passwordChangedAt: 1, createdAt: T0 - days * DAY })
    await db.insert(accountNotifications).values([
      { ...created(91), sentAt: T0 - 91 * DAY, attempts: 1 },
      { ...created(91), sentAt: null, attempts: NOTICE_MAX_ATTEMPTS, lastError: 'Error' },
      { ...created(89), sentAt: T0 - 89 * DAY, attempts: 1 },
      { ...created(89), sentAt: null, attempts: NOTICE_MAX_ATTEMPTS, lastError: 'Error' },
    ])
    await runScheduled(T0, client.worker, RETENTION_CRON, bindings)
    expect((await outboxRows()).map((r) => r.sentAt)).toEqual([T0 - 89 * DAY, null])
    expect(client.logs.events('retention')).toEqual([
      expect.objectContaining({ accountNotifications: 2 }),
    ])
  })
})
