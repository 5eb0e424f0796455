import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Locale, messages } from '../../src/i18n'
import { cloudflareDependencies } from '../../src/worker'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import {
  d1FailingOn,
  failingD1,
  failingKv,
  failingQueue,
  failingSendEmail,
} from '../support/failing-bindings'
import { TARO, TARO_CONTACT } from '../support/fixtures'
import { readPage } from '../support/html'
import { auditRows, initializedPasswordRows, loginIdNotificationRows } from '../support/rows'

beforeEach(resetToDemoAccounts)

const INITIALIZE = '/password/initialize'
const NOTIFY = '/login-id/notify'

const PROCEDURES = [
  { procedure: 'password_initialization', path: INITIALIZE, fields: TARO },
  { procedure: 'login_id_notification', path: NOTIFY, fields: TARO_CONTACT },
] as const

/** Row counts of every table a submission may write, read from the real D1. */
async function writtenRows() {
  return {
    initialized_passwords: (await initializedPasswordRows()).length,
    login_id_notifications: (await loginIdNotificationRows()).length,
    audit_events: (await auditRows()).length,
  }
}

const NOTHING_WRITTEN = { initialized_passwords: 0, login_id_notifications: 0, audit_events: 0 }

describe('the queue refusing a submission: 503', () => {
  const cases = PROCEDURES.flatMap(({ procedure, path, fields }) =>
    (
      [
        { locale: 'ja', query: '' },
        { locale: 'en', query: '?lang=en' },
      ] as Array<{ locale: Locale; query: string }>
    ).map(({ locale, query }) => ({ procedure, path: `${path}${query}`, fields, locale })),
  )

  it.each(cases)(
    'answers a valid $procedure post with a 503 page in $locale, writing and sending nothing',
    async ({ procedure, path, fields, locale }) => {
      const client = testClient({ deps: { workQueue: failingQueue } })
      const response = await client.postForm(path, fields)

      expect(response.status).toBe(503)
      expect(response.headers.get('Location')).toBeNull()
      expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
      expect(response.headers.get('Cache-Control')).toBe('no-store')
      const page = await readPage(response)
      const t = messages(locale).unavailable
      expect(page.all('html')[0]?.attr('lang')).toBe(locale)
      expect(page.all('title')[0]?.text).toContain(t.title)
      expect(page.all('h1')[0]?.text).toBe(t.title)
      expect(page.all('main')[0]?.text).toContain(t.body)

      expect(client.mailer.sent).toEqual([])
      expect(await writtenRows()).toEqual(NOTHING_WRITTEN)
      expect(client.logs.parsed).toContainEqual(
        expect.objectContaining({
          level: 'error',
          event: 'submission_refused',
          procedure,
          reason: 'queue_unavailable',
        }),
      )
    },
  )

  it('still shows the forms and the confirmation pages (they need neither queue nor D1)', async () => {
    const client = testClient({ env: { DB: failingD1() }, deps: { workQueue: failingQueue } })
    for (const path of [INITIALIZE, `${INITIALIZE}/sent`, NOTIFY, `${NOTIFY}/sent`]) {
      const response = await client.request(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
    }
  })
})

describe('D1 failing in the consumer: retried, then dead-lettered', () => {
  it('accepts the submission (the request path needs no D1) and tries the work again with growing delays', async () => {
    const client = testClient({ env: { DB: d1FailingOn(env.DB, /initialized_passwords/) } })
    const response = await client.postForm(INITIALIZE, TARO)

    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=ja')
    const requestId = response.headers.get('X-Request-Id') ?? ''
    expect(client.queue.deliveries).toEqual([
      ...[30, 60, 120, 240, 480, 960].map((delaySeconds, i) => ({
        requestId,
        attempt: i + 1,
        result: 'retried',
        delaySeconds,
      })),
      { requestId, attempt: 7, result: 'dead-lettered' },
    ])
    expect(client.mailer.sent).toEqual([])
    expect(await initializedPasswordRows()).toEqual([])
    // The dead letter is audited as failed (its request ID, no personal data) and logged.
    expect((await auditRows()).map((row) => [row.outcome, row.loginId, row.requestId])).toEqual([
      ['failed', TARO.loginId, requestId],
    ])
    expect(client.logs.events('work_failed')).toHaveLength(6)
    expect(client.logs.parsed).toContainEqual(
      expect.objectContaining({
        level: 'error',
        event: 'work_dead_lettered',
        requestId,
        procedure: 'password_initialization',
      }),
    )
    const logged = client.logs.lines.join('\n')
    for (const personal of [TARO.email, TARO.name, TARO.phoneNumber, '9012345678']) {
      expect(logged).not.toContain(personal)
    }
  })

  it('records "failed" and issues nothing when the initialized password can not be stored', async () => {
    const client = testClient({
      env: { DB: d1FailingOn(env.DB, /insert into "initialized_passwords"/i) },
    })
    const response = await client.postForm(INITIALIZE, TARO)

    expect(response.status).toBe(303)
    expect(client.mailer.sent).toEqual([])
    expect(await initializedPasswordRows()).toEqual([])
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['failed'])
  })

  it('records "failed" and sends nothing when the account lookup fails', async () => {
    const client = testClient({ env: { DB: d1FailingOn(env.DB, /from "accounts"/) } })
    for (const { path, fields } of PROCEDURES) {
      expect((await client.postForm(path, fields)).status).toBe(303)
    }
    expect(client.mailer.sent).toEqual([])
    expect(await writtenRows()).toEqual({ ...NOTHING_WRITTEN, audit_events: 2 })
    expect((await auditRows()).map((row) => [row.procedure, row.outcome])).toEqual([
      ['password_initialization', 'failed'],
      ['login_id_notification', 'failed'],
    ])
  })

  it('records "failed" and sends no notification when its cap can not be checked', async () => {
    const client = testClient({ env: { DB: d1FailingOn(env.DB, /login_id_notifications/) } })
    const response = await client.postForm(NOTIFY, TARO_CONTACT)

    expect(response.status).toBe(303)
    expect(client.mailer.sent).toEqual([])
    expect(await loginIdNotificationRows()).toEqual([])
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['failed'])
  })
})

describe('mail failing (docs/contract.md#account-work-on-the-queue)', () => {
  it('records "mail_failed" and revokes the password nobody received', async () => {
    const client = testClient()
    client.mailer.failWith = new Error('Email Service unavailable')
    const response = await client.postForm(INITIALIZE, TARO)

    expect(response.status).toBe(303)
    expect(client.mailer.sent).toEqual([])
    const [row, ...others] = await initializedPasswordRows()
    expect(others).toEqual([])
    expect(row).toMatchObject({ deliveryState: 'failed', revokedReason: 'mail_failed' })
    expect(row?.revokedAt).not.toBeNull()
    expect((await auditRows()).map((event) => [event.procedure, event.outcome])).toEqual([
      ['password_initialization', 'mail_failed'],
    ])
  })

  it('records "mail_failed" for a login ID notification that could not be sent', async () => {
    const client = testClient()
    client.mailer.failWith = new Error('Email Service unavailable')
    const response = await client.postForm(NOTIFY, TARO_CONTACT)

    expect(response.status).toBe(303)
    const rows = await loginIdNotificationRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ deliveryState: 'failed' })
    expect((await auditRows()).map((event) => [event.procedure, event.outcome])).toEqual([
      ['login_id_notification', 'mail_failed'],
    ])
  })

  it.each(PROCEDURES)(
    'records "mail_failed" for $procedure when the send_email binding itself fails',
    async ({ procedure, path, fields }) => {
      // The production mailer (no test double) over a send_email binding that is down.
      const client = testClient({
        env: { EMAIL: failingSendEmail() },
        deps: { mailer: cloudflareDependencies.mailer },
      })
      const response = await client.postForm(path, fields)

      expect(response.status).toBe(303)
      expect((await auditRows()).map((event) => [event.procedure, event.outcome])).toEqual([
        [procedure, 'mail_failed'],
      ])
      const logged = client.logs.lines.join('\n')
      expect(logged).toContain('mail_failed')
      expect(logged).not.toContain(TARO.email)
    },
  )
})

describe('GET /healthz: 200 when D1 and KV answer, else 503', () => {
  it('answers 200 when D1 and KV both answer', async () => {
    const response = await testClient().request('/healthz')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(await response.json()).toMatchObject({ status: 'ok', checks: { d1: 'ok', kv: 'ok' } })
  })

  const outages = [
    { down: 'D1', bindings: { DB: failingD1() }, checks: { d1: 'failed', kv: 'ok' } },
    { down: 'KV', bindings: { RATE_LIMITS: failingKv() }, checks: { d1: 'ok', kv: 'failed' } },
    {
      down: 'D1 and KV',
      bindings: { DB: failingD1(), RATE_LIMITS: failingKv() },
      checks: { d1: 'failed', kv: 'failed' },
    },
  ]
  it.each(outages)('answers 503 naming the failed check when $down is down', async (outage) => {
    const client = testClient({ env: outage.bindings })
    const response = await client.request('/healthz')
    expect(response.status).toBe(503)
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(await response.json()).toMatchObject({ status: 'unavailable', checks: outage.checks })
    expect(client.logs.events('health_check_failed').map((line) => line.level)).toContain('error')
  })
})
