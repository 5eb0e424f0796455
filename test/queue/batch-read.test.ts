// The queue consumer reads what a batch's work needs in one D1 call per procedure (docs/performance.md),
// not one per message; each message's work still comes out as it did on its own.
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/platform/context'
import { readInitializations } from '../../src/procedures/password-initialization/read'
import { MAX_BATCH_SIZE, MAX_RETRIES } from '../../src/queue/consume'
import { testClient } from '../support/client'
import { CountingD1Database } from '../support/counting-d1'
import { resetToDemoAccounts } from '../support/demo'
import { d1FailingOn } from '../support/failing-bindings'
import { HANAKO, HANAKO_CONTACT, JANE, KEN, MINUTE, TARO, TARO_CONTACT } from '../support/fixtures'
import { auditRows, initializedPasswordRows, loginIdNotificationRows } from '../support/rows'

beforeEach(resetToDemoAccounts)

const INITIALIZE = '/password/initialize'
const NOTIFY = '/login-id/notify'

const outcomesByRequest = async () =>
  new Map((await auditRows()).map((row) => [row.requestId, [row.procedure, row.outcome]]))

/** A password initialization of TARO as the queue carries it: normalized. */
const taroRequest = {
  loginId: TARO.loginId,
  name: TARO.name,
  phone: '+819012345678',
  email: TARO.email,
}

describe('a batch of work messages', () => {
  it.each([
    ['delivered together', false],
    ['delivered one at a time', true],
  ])(
    'has the outcomes, audit rows and e-mails each message has on its own (%s)',
    async (_, alone) => {
      const client = testClient()
      const enqueue = async (path: string, post: Record<string, string>) => {
        const requestId = await client.enqueueForm(path, post)
        if (alone) await client.deliverQueue()
        return requestId
      }
      const match = await enqueue(INITIALIZE, TARO)
      const mismatch = await enqueue(INITIALIZE, { ...TARO, name: 'Jiro KOKU' })
      const unknown = await enqueue(INITIALIZE, { ...TARO, loginId: '111111111' })
      const again = await enqueue(INITIALIZE, TARO)
      const locked = await enqueue(INITIALIZE, KEN)
      const other = await enqueue(INITIALIZE, JANE)
      const notification = await enqueue(NOTIFY, TARO_CONTACT)
      const twoAccounts = await enqueue(NOTIFY, HANAKO_CONTACT)
      await client.deliverQueue()

      expect(client.queue.deliveries.map((d) => [d.attempt, d.result])).toEqual(
        Array(8).fill([1, 'acked']),
      )
      const outcomes = await outcomesByRequest()
      expect(
        [mismatch, unknown, locked, other, notification, twoAccounts].map((id) => outcomes.get(id)),
      ).toEqual([
        ['password_initialization', 'no_match'],
        ['password_initialization', 'no_match'],
        ['password_initialization', 'inactive'],
        ['password_initialization', 'issued'],
        ['login_id_notification', 'sent'],
        ['login_id_notification', 'sent'],
      ])
      // One password for the account: the conditional INSERT lets only the first of two messages
      // for it through (together, whichever reaches D1 first).
      expect([match, again].map((id) => outcomes.get(id)?.[1]).sort()).toEqual([
        'cooldown',
        'issued',
      ])
      expect(outcomes.size).toBe(8)
      expect(client.mailer.sent.map((mail) => mail.to).sort()).toEqual(
        [TARO.email, TARO.email, JANE.email, HANAKO.email].sort(),
      )
      const passwords = await initializedPasswordRows()
      expect(passwords.map((row) => [row.loginId, row.deliveryState]).sort()).toEqual([
        [TARO.loginId, 'sent'],
        [JANE.loginId, 'sent'],
      ])
      expect([match, again]).toContain(passwords.find((row) => row.loginId === TARO.loginId)?.id)
      expect(await loginIdNotificationRows()).toMatchObject([
        { id: notification, deliveryState: 'sent' },
        { id: twoAccounts, deliveryState: 'sent' },
      ])
      // Each notification lists the accounts with its own phone number.
      const hanakos = client.mailer.sent.find((mail) => mail.to === HANAKO.email)
      expect(hanakos?.text).toContain(HANAKO.loginId)
      expect(hanakos?.text).not.toContain(TARO.loginId)
    },
  )

  it('reads D1 once, however many mismatches it holds', async () => {
    const db = new CountingD1Database(env.DB)
    const audit = new CountingD1Database(env.AUDIT_DB)
    const client = testClient({ env: { DB: db, AUDIT_DB: audit } })
    const callsPerBatch = []
    for (const mismatches of [1, 5, MAX_BATCH_SIZE]) {
      for (let i = 0; i < mismatches; i++) {
        const post =
          i % 2 ? { ...TARO, name: 'Jiro KOKU' } : { ...TARO, loginId: `1${i}`.padEnd(9, '0') }
        await client.enqueueForm(INITIALIZE, post)
      }
      const before = db.calls.length
      const auditBefore = audit.calls.length
      await client.deliverQueue()
      callsPerBatch.push({
        reads: db.reads(before).length,
        calls: db.calls.length - before,
        auditCalls: audit.calls.length - auditBefore,
      })
    }
    // The read (accounts with their caps, and the messages' own rows: two statements, one call),
    // and the batch's audit rows in the audit database (docs/decisions/029-audit-database.md).
    expect(callsPerBatch).toEqual(Array(3).fill({ reads: 1, calls: 1, auditCalls: 1 }))
    expect(db.reads().at(-1)).toHaveLength(2)
    expect(new Set((await auditRows()).map((row) => row.outcome))).toEqual(new Set(['no_match']))
  })

  it('reads once per procedure present', async () => {
    const db = new CountingD1Database(env.DB)
    const client = testClient({ env: { DB: db } })
    for (let i = 0; i < 3; i++) {
      await client.enqueueForm(INITIALIZE, { ...TARO, name: 'Jiro KOKU' })
      await client.enqueueForm(NOTIFY, { ...TARO_CONTACT, name: 'Jiro KOKU' })
    }
    const before = db.calls.length
    await client.deliverQueue()

    expect(db.reads(before)).toEqual([
      [
        expect.stringContaining('from "accounts" where "accounts"."login_id" IN'),
        expect.any(String),
      ],
      [
        expect.stringContaining('from "accounts" where "accounts"."contact_phone" IN'),
        expect.any(String),
      ],
    ])
  })

  it('retries every message of a procedure whose batch read fails, as a failed read of one was', async () => {
    const db = d1FailingOn(env.DB, /from "accounts" where "accounts"."login_id" IN/)
    const client = testClient({ env: { DB: db } })
    const failing = [
      await client.enqueueForm(INITIALIZE, TARO),
      await client.enqueueForm(INITIALIZE, { ...TARO, name: 'Jiro KOKU' }),
    ]
    const notification = await client.enqueueForm(NOTIFY, TARO_CONTACT)
    // A malformed request is dropped as ever, the read failing or not.
    client.queue.redeliver(
      {
        procedure: 'password_initialization',
        request: { loginId: 1 },
        meta: {
          requestId: 'r-1',
          apiKeyId: null,
          clientHash: 'a'.repeat(64),
          country: null,
          submittedAt: 0,
        },
      },
      1,
    )
    await client.deliverQueue()

    const deliveriesOf = (requestId: string) =>
      client.queue.deliveries
        .filter((d) => d.requestId === requestId)
        .map((d) => [d.attempt, d.result, d.delaySeconds])
    for (const requestId of failing) {
      expect(deliveriesOf(requestId)).toEqual([
        [1, 'retried', 30],
        [2, 'retried', 60],
        [3, 'retried', 120],
        [4, 'retried', 240],
        [5, 'retried', 480],
        [6, 'retried', 960],
        [7, 'dead-lettered', undefined],
      ])
      expect(client.logs.events('work_failed').filter((l) => l.requestId === requestId)).toEqual(
        Array.from({ length: MAX_RETRIES + 1 }, (_, i) =>
          expect.objectContaining({
            level: 'error',
            procedure: 'password_initialization',
            attempt: i + 1,
            error: 'BindingUnavailableError',
          }),
        ),
      )
    }
    expect(deliveriesOf(notification)).toEqual([[1, 'acked', undefined]])
    expect(deliveriesOf('r-1')).toEqual([[1, 'acked', undefined]])
    const outcomes = await outcomesByRequest()
    expect(failing.map((id) => outcomes.get(id))).toEqual(
      Array(2).fill(['password_initialization', 'failed']),
    )
    expect(outcomes.get(notification)).toEqual(['login_id_notification', 'sent'])
    expect(await initializedPasswordRows()).toEqual([])
  })
})

describe('the batch read of password initializations', () => {
  it('gives each request its account, its own row and its account’s cap at the time given', async () => {
    const client = testClient()
    const issuedId = await client.enqueueForm(INITIALIZE, TARO)
    await client.deliverQueue()
    const [issued] = await initializedPasswordRows()
    const requests = [
      { requestId: issuedId, request: taroRequest },
      { requestId: 'another', request: taroRequest },
      { requestId: 'jane', request: { ...taroRequest, loginId: JANE.loginId } },
      { requestId: 'unknown', request: { ...taroRequest, loginId: '111111111' } },
    ]
    const at = async (now: number) => {
      const shareOf = await readInitializations(
        { db: createDatabase(env.DB), now: () => now },
        requests,
      )
      return requests.map((one) => {
        const share = shareOf(one)
        return share && [share.account.loginId, share.ownState, share.ownExpiresAt, share.capIsFree]
      })
    }

    expect(await at(client.clock.now)).toEqual([
      [TARO.loginId, 'sent', issued?.expiresAt, false],
      [TARO.loginId, null, null, false],
      [JANE.loginId, null, null, true],
      null,
    ])
    // Past the cooldown, TARO's cap is free again: each account's cap is its own, at that time.
    expect((await at(client.clock.now + 6 * MINUTE)).map((share) => share?.[3])).toEqual([
      true,
      true,
      true,
      undefined,
    ])
  })
})
