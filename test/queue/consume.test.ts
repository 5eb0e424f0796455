import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEAD_LETTER_QUEUE, MAX_BATCH_SIZE, MAX_RETRIES, WORK_QUEUE } from '../../src/queue/consume'
import wranglerToml from '../../wrangler.toml?raw'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { d1FailingOn } from '../support/failing-bindings'
import { TARO, TARO_CONTACT } from '../support/fixtures'
import { emailServiceError, initializedPasswordIn } from '../support/recording-mailer'
import {
  auditRows,
  initializedPasswordRows,
  loginIdNotificationRows,
  verifiesAsInitialized,
} from '../support/rows'

beforeEach(resetToDemoAccounts)

const INITIALIZE = '/password/initialize'
const NOTIFY = '/login-id/notify'
const outcomes = async () => (await auditRows()).map((row) => [row.procedure, row.outcome])

describe('the work queue in wrangler.toml', () => {
  it('has a producer, a consumer with retries and a dead-letter queue, and consumes the dead letters', () => {
    const tables = wranglerToml.split(/^(?=\[)/m)
    const producer = tables.find((table) => table.startsWith('[[queues.producers]]')) ?? ''
    expect(producer).toMatch(/^binding = "WORK_QUEUE"$/m)
    expect(producer).toContain(`queue = "${WORK_QUEUE}"`)
    const consumers = tables.filter((table) => table.startsWith('[[queues.consumers]]'))
    const work = consumers.find((table) => table.includes(`queue = "${WORK_QUEUE}"\n`)) ?? ''
    expect(work).toMatch(new RegExp(`^max_retries = ${MAX_RETRIES}$`, 'm'))
    expect(work).toMatch(/^retry_delay = \d+$/m)
    expect(work).toContain(`dead_letter_queue = "${DEAD_LETTER_QUEUE}"`)
    const deadLetters = consumers.find((table) => table.includes(`queue = "${DEAD_LETTER_QUEUE}"`))
    // The tests deliver batches of MAX_BATCH_SIZE, and the consumer's audit write is tested at it.
    for (const consumer of [work, deadLetters ?? '']) {
      expect(consumer).toMatch(new RegExp(`^max_batch_size = ${MAX_BATCH_SIZE}$`, 'm'))
    }
  })
})

describe('what a queue message holds', () => {
  it('is the sealed submission and its request ID, hashed client and time: no raw address', async () => {
    const client = testClient()
    const response = await client.postForm(
      INITIALIZE,
      { ...TARO, loginId: '１２３４５６７８９', phoneNumber: '090-1234-5678' },
      { 'CF-Connecting-IP': '203.0.113.7' },
    )
    expect(response.status).toBe(303)
    expect(client.queue.sent).toEqual([
      {
        procedure: 'password_initialization',
        // The normalized submission, sealed (test/platform/sealed-message.test.ts opens it).
        sealed: expect.stringMatching(/^v1\.[A-Za-z0-9+/]{16}\.[A-Za-z0-9+/]+$/),
        meta: {
          requestId: response.headers.get('X-Request-Id'),
          apiKeyId: null,
          clientHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          country: null,
          submittedAt: client.clock.now,
          // The page's language, in clear: not personal data (docs/decisions/024-e-mail-language.md).
          pageLocale: 'ja',
        },
      },
    ])
    expect(JSON.stringify(client.queue.sent)).not.toContain('203.0.113')
  })

  it('is sent for every valid submission alike: a match, a mismatch, an unknown ID', async () => {
    const client = testClient()
    for (const post of [TARO, { ...TARO, name: 'Jiro KOKU' }, { ...TARO, loginId: '111111111' }]) {
      expect((await client.postForm(INITIALIZE, post)).status).toBe(303)
    }
    expect(client.queue.sent.map((message) => message.procedure)).toEqual(
      Array(3).fill('password_initialization'),
    )
    expect(client.queue.deliveries.map((delivery) => delivery.result)).toEqual(
      Array(3).fill('acked'),
    )
  })
})

describe('mail the Email Service refuses for now: retried with growing delays', () => {
  it('retries a rate-limited initialized-password e-mail and delivers one password that works', async () => {
    const client = testClient()
    client.mailer.failNext.push(
      emailServiceError('E_RATE_LIMIT_EXCEEDED'),
      emailServiceError('E_INTERNAL_SERVER_ERROR'),
    )
    const response = await client.postForm(INITIALIZE, TARO)
    expect(response.status).toBe(303)
    const requestId = response.headers.get('X-Request-Id')

    expect(client.queue.deliveries).toEqual([
      { requestId, attempt: 1, result: 'retried', delaySeconds: 30 },
      { requestId, attempt: 2, result: 'retried', delaySeconds: 60 },
      { requestId, attempt: 3, result: 'acked' },
    ])
    expect(client.mailer.attempts).toBe(3)
    expect(client.mailer.sent).toHaveLength(1)
    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: requestId, deliveryState: 'sent', revokedAt: null })
    const password = initializedPasswordIn(client.mailer.sent[0]) ?? ''
    expect(await verifiesAsInitialized(password, rows[0]?.passwordHash)).toBe(true)
    expect(await outcomes()).toEqual([['password_initialization', 'issued']])
  })

  it('retries a login ID e-mail after a temporary delivery failure and sends it once', async () => {
    const client = testClient()
    client.mailer.failNext.push(emailServiceError('E_DELIVERY_FAILED'))
    expect((await client.postForm(NOTIFY, TARO_CONTACT)).status).toBe(303)
    expect(client.queue.deliveries.map((d) => [d.result, d.delaySeconds])).toEqual([
      ['retried', 30],
      ['acked', undefined],
    ])
    expect(client.mailer.sent).toHaveLength(1)
    expect(await loginIdNotificationRows()).toMatchObject([{ deliveryState: 'sent' }])
    expect(await outcomes()).toEqual([['login_id_notification', 'sent']])
  })

  it('gives up after the last retry: the password nobody received is revoked, nothing dead-lettered', async () => {
    const client = testClient()
    client.mailer.failWith = emailServiceError('E_RATE_LIMIT_EXCEEDED')
    expect((await client.postForm(INITIALIZE, TARO)).status).toBe(303)
    expect(client.queue.deliveries.map((d) => d.result)).toEqual([
      ...Array(MAX_RETRIES).fill('retried'),
      'acked',
    ])
    expect(client.mailer.attempts).toBe(MAX_RETRIES + 1)
    expect(client.mailer.sent).toEqual([])
    expect(await initializedPasswordRows()).toMatchObject([
      {
        deliveryState: 'failed',
        revokedReason: 'mail_failed',
        deliveryError: 'E_RATE_LIMIT_EXCEEDED',
      },
    ])
    expect(await outcomes()).toEqual([['password_initialization', 'mail_failed']])
  })
})

describe('mail the Email Service refuses for good (docs/contract.md#account-work-on-the-queue)', () => {
  it('revokes the issued password at once and records it, without retrying', async () => {
    const client = testClient()
    client.mailer.failWith = emailServiceError('E_RECIPIENT_SUPPRESSED')
    expect((await client.postForm(INITIALIZE, TARO)).status).toBe(303)
    expect(client.queue.deliveries.map((d) => d.result)).toEqual(['acked'])
    expect(client.mailer.attempts).toBe(1)
    const [row] = await initializedPasswordRows()
    expect(row).toMatchObject({
      deliveryState: 'failed',
      revokedReason: 'mail_failed',
      deliveryError: 'E_RECIPIENT_SUPPRESSED',
    })
    expect(row?.revokedAt).not.toBeNull()
    expect(await outcomes()).toEqual([['password_initialization', 'mail_failed']])
  })
})

describe('a redelivered message: at most one password, at most one e-mail', () => {
  it('issues and sends nothing more when the work was already done', async () => {
    const client = testClient()
    expect((await client.postForm(INITIALIZE, TARO)).status).toBe(303)
    expect((await client.postForm(NOTIFY, TARO_CONTACT)).status).toBe(303)
    const [initialization, notification] = client.queue.sent
    if (!initialization || !notification) throw new Error('two messages were expected')
    const before = await initializedPasswordRows()

    client.queue.redeliver(initialization)
    client.queue.redeliver(notification)
    await client.queue.deliver(client.worker.queue, env)

    expect(client.mailer.sent).toHaveLength(2)
    expect(await initializedPasswordRows()).toEqual(before)
    expect(await loginIdNotificationRows()).toHaveLength(1)
    expect(await outcomes()).toEqual([
      ['password_initialization', 'issued'],
      ['login_id_notification', 'sent'],
    ])
  })

  it('sends no second e-mail after a crash between sending and recording it', async () => {
    // D1 fails the statement that records the delivery, as if the consumer stopped right there.
    const db = d1FailingOn(
      env.DB,
      /update "initialized_passwords" set "delivery_state" = \?, "delivery_error"/,
    )
    const client = testClient({ env: { DB: db } })
    expect((await client.postForm(INITIALIZE, TARO)).status).toBe(303)

    // Sent once; the redeliveries find the row still pending and send nothing again.
    expect(client.mailer.sent).toHaveLength(1)
    expect(client.mailer.attempts).toBe(1)
    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ deliveryState: 'pending', revokedAt: null })
    // The password that went out still works: nobody else has it, and it expires as usual.
    const password = initializedPasswordIn(client.mailer.sent[0]) ?? ''
    expect(await verifiesAsInitialized(password, rows[0]?.passwordHash)).toBe(true)
    expect(await outcomes()).toEqual([['password_initialization', 'failed']])
  })
})

describe('a malformed message', () => {
  it('is acknowledged and logged, never retried, and holds nothing up', async () => {
    const client = testClient()
    const meta = {
      requestId: 'r-1',
      apiKeyId: null,
      clientHash: 'a'.repeat(64),
      country: null,
      submittedAt: 0,
    }
    client.queue.redeliver({ procedure: 'no_such_procedure', request: {}, meta }, 1)
    client.queue.redeliver(
      { procedure: 'password_initialization', request: { loginId: 1 }, meta },
      1,
    )
    await client.queue.deliver(client.worker.queue, env)
    expect(client.queue.deliveries.map((d) => d.result)).toEqual(['acked', 'acked'])
    expect(client.mailer.sent).toEqual([])
    const logged = client.logs.parsed.map((line) => [line.level, line.event])
    expect(logged).toEqual([
      ['error', 'work_message_malformed'],
      ['error', 'work_message_malformed'],
    ])
  })
})
