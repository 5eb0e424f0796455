// The queue consumer writes the audit rows of a batch together (docs/performance.md): one call to
// the audit database (AUDIT_DB) for the batch, each message acknowledged after it, every row still
// written once.
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { MAX_BATCH_SIZE, MAX_RETRIES } from '../../src/queue/consume'
import { testClient } from '../support/client'
import { CountingD1Database } from '../support/counting-d1'
import { resetToDemoAccounts } from '../support/demo'
import { PartlyFailingD1Database } from '../support/failing-bindings'
import { from, JANE, TARO, TARO_CONTACT } from '../support/fixtures'
import { auditRows, initializedPasswordRows } from '../support/rows'

beforeEach(resetToDemoAccounts)

const INITIALIZE = '/password/initialize'
const NOTIFY = '/login-id/notify'

/**
 * A real local D1 (the accounts' unless told), each call into it counted
 * (`test/support/counting-d1.ts`); the statements `fails` picks fail as if D1 were down.
 */
const countingD1 = (fails: RegExp = /^$/, d1: D1Database = env.DB) =>
  new CountingD1Database(new PartlyFailingD1Database(d1, (query) => fails.test(query)))

/** The bound parameters of each audit INSERT `db` ran from its `from`th call on. */
const auditInserts = (db: CountingD1Database, from = 0): number[] =>
  db.calls
    .slice(from)
    .flat()
    .filter((query) => query.startsWith('insert into "audit_events"'))
    .map((query) => query.split('?').length - 1)

/** Posts a form from `ip` and leaves its message on the queue: the next delivery's batch. */
const enqueue = (
  client: ReturnType<typeof testClient>,
  path: string,
  post: Record<string, string>,
  ip: string,
) => client.enqueueForm(path, post, from(ip))

const outcomesByRequest = async () =>
  new Map((await auditRows()).map((row) => [row.requestId, [row.procedure, row.outcome]]))

describe('the audit rows of a batch', () => {
  it('are one row per message with its own outcome, in one INSERT, and the messages acked after it', async () => {
    // Recording the login ID notification fails in D1: its work fails, so it is retried.
    const db = countingD1(/^insert into "login_id_notifications"/)
    const audit = countingD1(/^$/, env.AUDIT_DB)
    const client = testClient({ env: { DB: db, AUDIT_DB: audit } })
    const first = await enqueue(client, INITIALIZE, TARO, '203.0.113.1')
    await client.deliverQueue()

    const cooldown = await enqueue(client, INITIALIZE, TARO, '203.0.113.1')
    const mismatch = await enqueue(
      client,
      INITIALIZE,
      { ...TARO, name: 'Jiro KOKU' },
      '203.0.113.2',
    )
    const match = await enqueue(client, INITIALIZE, JANE, '203.0.113.3')
    const failing = await enqueue(client, NOTIFY, TARO_CONTACT, '203.0.113.4')
    const callsBefore = audit.calls.length
    const deliveriesBefore = client.queue.deliveries.length
    await client.deliverQueue()

    const batch = client.queue.deliveries.slice(deliveriesBefore, deliveriesBefore + 4)
    expect(batch.map((d) => [d.requestId, d.attempt, d.result])).toEqual([
      [cooldown, 1, 'acked'],
      [mismatch, 1, 'acked'],
      [match, 1, 'acked'],
      [failing, 1, 'retried'],
    ])
    expect(client.queue.deliveries.slice(deliveriesBefore + 4).map((d) => d.result)).toEqual([
      ...Array(MAX_RETRIES).fill('retried'),
      'dead-lettered',
    ])
    expect(await outcomesByRequest()).toEqual(
      new Map([
        [first, ['password_initialization', 'issued']],
        [cooldown, ['password_initialization', 'cooldown']],
        [mismatch, ['password_initialization', 'no_match']],
        [match, ['password_initialization', 'issued']],
        // Only its dead letter is audited, through the same write.
        [failing, ['login_id_notification', 'failed']],
      ]),
    )
    // The batch's three rows in one statement (8 parameters a row), none for the retries, one
    // for the dead letter.
    expect(auditInserts(audit, callsBefore)).toEqual([24, 8])
    // Audit rows go to the audit database only.
    expect(auditInserts(db)).toEqual([])
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email, JANE.email])
  })

  it('are not written a second time when the batch is delivered again', async () => {
    const client = testClient()
    await enqueue(client, INITIALIZE, TARO, '203.0.113.1')
    await enqueue(client, INITIALIZE, { ...TARO, name: 'Jiro KOKU' }, '203.0.113.2')
    await enqueue(client, NOTIFY, TARO_CONTACT, '203.0.113.3')
    await client.deliverQueue()
    const before = await auditRows()
    expect(before.map((row) => row.outcome)).toEqual(['issued', 'no_match', 'sent'])

    for (const message of client.queue.sent) client.queue.redeliver(message)
    await client.deliverQueue()

    expect(client.queue.deliveries.map((d) => d.result)).toEqual(Array(6).fill('acked'))
    expect(await auditRows()).toEqual(before)
    expect(client.mailer.sent).toHaveLength(2)
  })

  it('are logged, without personal data, when D1 fails them, and the done work is still acked', async () => {
    const audit = countingD1(/^insert into "audit_events"/, env.AUDIT_DB)
    const client = testClient({ env: { AUDIT_DB: audit } })
    const requestIds = [
      await enqueue(client, INITIALIZE, TARO, '203.0.113.1'),
      await enqueue(client, INITIALIZE, { ...TARO, name: 'Jiro KOKU' }, '203.0.113.2'),
      await enqueue(client, NOTIFY, TARO_CONTACT, '203.0.113.3'),
    ]
    await client.deliverQueue()

    // Acked as when each message wrote its own row: the work is done, a retry would redo it.
    expect(client.queue.deliveries.map((d) => d.result)).toEqual(Array(3).fill('acked'))
    expect(client.mailer.sent).toHaveLength(2)
    expect(await initializedPasswordRows()).toMatchObject([{ deliveryState: 'sent' }])
    expect(await auditRows()).toEqual([])
    expect(client.logs.events('audit_write_failed')).toEqual(
      requestIds.map((requestId) =>
        expect.objectContaining({ level: 'error', requestId, error: expect.any(String) }),
      ),
    )
    const logged = client.logs.lines.join('\n')
    for (const personal of [TARO.loginId, TARO.email, TARO.name, '9012345678']) {
      expect(logged).not.toContain(personal)
    }
  })

  it('of a full batch are split under D1’s 100 parameters a statement, sent as one D1 batch', async () => {
    const db = countingD1()
    const audit = countingD1(/^$/, env.AUDIT_DB)
    const client = testClient({ env: { DB: db, AUDIT_DB: audit } })
    const requestIds = []
    for (let i = 1; i <= MAX_BATCH_SIZE; i++) {
      requestIds.push(
        await enqueue(client, INITIALIZE, { ...TARO, name: 'Jiro KOKU' }, `203.0.113.${i}`),
      )
    }
    const callsBefore = db.calls.length
    const auditCallsBefore = audit.calls.length
    await client.deliverQueue()

    expect(client.queue.deliveries).toHaveLength(MAX_BATCH_SIZE)
    expect(client.queue.deliveries.every((d) => d.result === 'acked')).toBe(true)
    // 11 rows an INSERT (a row has at most 9 parameters: a provisioning row's changed fields;
    // the consumer's rows bind 8), all of them in one call.
    const inserts = auditInserts(audit, auditCallsBefore)
    expect(inserts).toEqual(
      Array.from({ length: Math.ceil(MAX_BATCH_SIZE / 11) }, (_, i) =>
        Math.min(88, 8 * (MAX_BATCH_SIZE - 11 * i)),
      ),
    )
    expect(inserts.length).toBeGreaterThan(1)
    // The audit rows in one D1 batch of the audit database; the accounts database's one call is
    // the messages' read (test/queue/batch-read.test.ts), and there is no third.
    expect(audit.calls.length - auditCallsBefore).toBe(1)
    expect(db.calls.length - callsBefore).toBe(1)
    const rows = await auditRows()
    expect(rows.map((row) => row.requestId)).toEqual(requestIds)
    expect(new Set(rows.map((row) => row.outcome))).toEqual(new Set(['no_match']))
  })
})
