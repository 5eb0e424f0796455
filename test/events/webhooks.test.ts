import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/db/demo-accounts'
import { WEBHOOK_TIMEOUT_MS } from '../../src/events/webhook'
import { readConfig } from '../../src/platform/config'
import { PASSWORD_CHANGE_LOCKOUT } from '../../src/procedures/password-change/lockout'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { MINUTE, T0, TARO } from '../support/fixtures'
import { LOGIN_ID_NOTIFICATIONS, postJson, TARO_CONTACT_JSON } from '../support/json-api'
import {
  changeOf,
  initializedPasswordFor,
  NEW_PASSWORD,
  WRONG_PASSWORD,
} from '../support/password-change'
import { RecordingLogger } from '../support/recording-logger'
import { initializedPasswordRows } from '../support/rows'
import {
  verifiesAsStandardWebhook,
  WEBHOOK_SECRET,
  WEBHOOK_URL,
  WEBHOOKS_ON,
} from '../support/webhook-receiver'

const INITIALIZE = '/password/initialize'
const CHANGE = '/password/change'

/** The logs of every client of a test. */
let logs: RecordingLogger
beforeEach(async () => {
  await resetToDemoAccountsWithoutKeys()
  logs = new RecordingLogger()
})

/** The service with webhooks on, its clock at T0. */
function withWebhooks(options: Parameters<typeof testClient>[0] = {}) {
  const client = testClient({ logs, ...options, env: { ...WEBHOOKS_ON, ...options.env } })
  client.clock.now = T0
  return client
}

/** The logged lines of one event name, parsed. */
const logged = (event: string) => logs.events(event)

describe('events posted to WEBHOOK_URL, signed as Standard Webhooks do', () => {
  it('posts password_initialization.issued after the e-mail went out, signed, redirects not followed', async () => {
    const client = withWebhooks()
    await initializedPasswordFor(client)

    expect(client.receiver.received).toHaveLength(1)
    const [post] = client.receiver.received
    expect(post?.url).toBe(WEBHOOK_URL)
    expect(post?.redirect).toBe('manual')
    expect(post?.signal).toBeInstanceOf(AbortSignal)
    expect(post?.headers['content-type']).toBe('application/json')
    expect(post?.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/)
    expect(post?.headers['webhook-timestamp']).toBe(String(T0 / 1000))
    expect(post && (await verifiesAsStandardWebhook(WEBHOOK_SECRET, post, T0 / 1000))).toBe(true)
    const [row] = await initializedPasswordRows()
    expect(JSON.parse(post?.body ?? '')).toEqual({
      type: 'password_initialization.issued',
      timestamp: new Date(T0).toISOString(),
      data: { loginId: TARO.loginId, expiresAt: new Date(row?.expiresAt ?? 0).toISOString() },
    })
    expect(client.queue.eventDeliveries.map((d) => d.result)).toEqual(['acked'])
  })

  it('retries a failed delivery with growing delays, the same webhook-id and a valid signature each time', async () => {
    const client = withWebhooks()
    client.receiver.answerWith(500, 'network-error', 302)
    await initializedPasswordFor(client)

    const posts = client.receiver.received
    expect(posts).toHaveLength(4)
    const ids = new Set(posts.map((post) => post.headers['webhook-id']))
    expect(ids.size).toBe(1)
    for (const post of posts) {
      expect(await verifiesAsStandardWebhook(WEBHOOK_SECRET, post, T0 / 1000)).toBe(true)
      // A 302 is a failure: nothing was posted anywhere but the configured URL.
      expect(post.url).toBe(WEBHOOK_URL)
      expect(post.redirect).toBe('manual')
    }
    // A signature made with another secret does not verify.
    const other = `whsec_${btoa('another key of at least 24 bytes')}`
    const [first] = posts
    expect(first && (await verifiesAsStandardWebhook(other, first, T0 / 1000))).toBe(false)
    expect(client.queue.eventDeliveries.map((d) => [d.result, d.delaySeconds])).toEqual([
      ['retried', 30],
      ['retried', 60],
      ['retried', 120],
      ['acked', undefined],
    ])
    expect(logged('webhook_failed').map((line) => [line.reason, line.status])).toEqual([
      ['status', 500],
      ['network', undefined],
      ['status', 302],
    ])
  })

  it('dead-letters and logs an event after six failed attempts', async () => {
    const client = withWebhooks()
    client.receiver.answerWith(...Array<number>(6).fill(503))
    await initializedPasswordFor(client)

    expect(client.receiver.received).toHaveLength(6)
    expect(client.queue.eventDeliveries.map((d) => d.result)).toEqual([
      ...Array<string>(6).fill('retried'),
      'dead-lettered',
    ])
    const [dead] = logged('webhook_dead_lettered')
    expect(dead).toMatchObject({
      level: 'error',
      type: 'password_initialization.issued',
      webhookId: client.receiver.received[0]?.headers['webhook-id'],
      attempts: 7,
    })
  })

  it(
    'gives a receiver that does not answer 10 seconds, then tries again',
    async () => {
      const client = withWebhooks()
      client.receiver.answerWith('no-answer')
      const started = Date.now()
      await initializedPasswordFor(client)
      expect(Date.now() - started).toBeGreaterThanOrEqual(WEBHOOK_TIMEOUT_MS - 100)
      expect(client.receiver.received).toHaveLength(2)
      expect(logged('webhook_failed').map((line) => line.reason)).toEqual(['timeout'])
      expect(client.queue.eventDeliveries.map((d) => d.result)).toEqual(['retried', 'acked'])
    },
    WEBHOOK_TIMEOUT_MS + 10_000,
  )

  it('posts login_id_notification.sent, password.changed and password_change.locked_out', async () => {
    const client = withWebhooks()
    await postJson(client, LOGIN_ID_NOTIFICATIONS, {
      name: 'Hanako SORA',
      phone: '+81312345678',
      email: 'it-admin@example.co.jp',
    })
    const initialized = await initializedPasswordFor(client)
    expect((await client.postForm(CHANGE, changeOf(initialized))).status).toBe(303)
    client.clock.now = T0 + MINUTE
    for (let i = 0; i < PASSWORD_CHANGE_LOCKOUT.maxFailures + 1; i++) {
      await client.postForm(CHANGE, changeOf(WRONG_PASSWORD))
    }

    expect(client.receiver.payloads.map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'login_id_notification.sent', data: { loginIds: ['987654321', '987654322'] } },
      {
        type: 'password_initialization.issued',
        data: { loginId: TARO.loginId, expiresAt: expect.any(String) },
      },
      { type: 'password.changed', data: { loginId: TARO.loginId, passwordKind: 'initialized' } },
      {
        type: 'password_change.locked_out',
        data: { loginId: TARO.loginId, until: new Date(T0 + 16 * MINUTE).toISOString() },
      },
    ])
    const ids = client.receiver.received.map((post) => post.headers['webhook-id'])
    expect(new Set(ids).size).toBe(4)
  })

  it('posts password.changed with passwordKind current, and a lockout started by the verification API', async () => {
    const { key } = await insertApiKey({ scopes: 'credentials:verify' })
    const client = withWebhooks()
    expect((await client.postForm(CHANGE, changeOf(DEMO_PASSWORD))).status).toBe(303)
    for (let i = 0; i < PASSWORD_CHANGE_LOCKOUT.maxFailures + 1; i++) {
      const body = { loginId: TARO.loginId, password: WRONG_PASSWORD }
      await postJson(client, '/api/v1/credential-verifications', body, bearer(key))
    }
    // An unknown login ID locks too, but concerns no account of the system of record.
    for (let i = 0; i < PASSWORD_CHANGE_LOCKOUT.maxFailures + 1; i++) {
      const body = { loginId: '111111111', password: WRONG_PASSWORD }
      await postJson(client, '/api/v1/credential-verifications', body, bearer(key))
    }
    expect(client.receiver.payloads.map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'password.changed', data: { loginId: TARO.loginId, passwordKind: 'current' } },
      {
        type: 'password_change.locked_out',
        data: { loginId: TARO.loginId, until: new Date(T0 + 15 * MINUTE).toISOString() },
      },
    ])
  })

  it('never puts a name, phone number, e-mail address or password into an event', async () => {
    const client = withWebhooks()
    await postJson(client, LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON)
    const initialized = await initializedPasswordFor(client)
    await client.postForm(CHANGE, changeOf(WRONG_PASSWORD))
    expect((await client.postForm(CHANGE, changeOf(initialized))).status).toBe(303)
    for (let i = 0; i < PASSWORD_CHANGE_LOCKOUT.maxFailures; i++) {
      await client.postForm(CHANGE, changeOf(WRONG_PASSWORD))
    }
    expect(client.receiver.payloads.map((payload) => payload.type).sort()).toEqual([
      'login_id_notification.sent',
      'password.changed',
      'password_change.locked_out',
      'password_initialization.issued',
    ])
    const secrets = [
      'Taro',
      'KOKU',
      '9012345678',
      '090-1234-5678',
      'taro.koku',
      'example.com',
      DEMO_PASSWORD,
      initialized,
      NEW_PASSWORD,
      WRONG_PASSWORD,
    ]
    for (const post of client.receiver.received) {
      const everything = `${post.body} ${JSON.stringify(post.headers)}`.toLowerCase()
      for (const secret of secrets) expect(everything).not.toContain(secret.toLowerCase())
    }
    const allowed = ['loginId', 'loginIds', 'expiresAt', 'passwordKind', 'until']
    for (const { type, data } of client.receiver.payloads) {
      expect(allowed, type).toEqual(expect.arrayContaining(Object.keys(data)))
    }
  })
})

describe('a slow or dead receiver never delays a person', () => {
  it('answers the password change without any post to the receiver on the request path', async () => {
    const client = withWebhooks()
    client.receiver.answerWith('no-answer')
    const response = await client.requestOnly(CHANGE, {
      method: 'POST',
      body: new URLSearchParams({
        loginId: TARO.loginId,
        password: DEMO_PASSWORD,
        newPassword: NEW_PASSWORD,
        newPasswordConfirmation: NEW_PASSWORD,
      }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    expect(client.receiver.received).toEqual([])
    expect(client.queue.events.map((event) => event.type)).toEqual(['password.changed'])
  })

  it('answers the initialization form before anything is looked up, let alone posted', async () => {
    const client = withWebhooks()
    const response = await client.requestOnly(INITIALIZE, {
      method: 'POST',
      body: new URLSearchParams(TARO),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    expect(client.receiver.received).toEqual([])
    expect(client.queue.events).toEqual([])
    await client.deliverQueue()
    expect(client.receiver.received).toHaveLength(1)
  })
})

describe('configuration and redelivery', () => {
  it('enqueues and posts nothing while WEBHOOK_URL is empty', async () => {
    expect(env.WEBHOOK_URL).toBe('')
    const client = testClient()
    expect((await client.postForm(INITIALIZE, TARO)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    expect(client.queue.events).toEqual([])
    expect(client.receiver.received).toEqual([])
  })

  it('logs an error and dead-letters the event when WEBHOOK_URL is set without WEBHOOK_SECRET', async () => {
    const client = withWebhooks({ env: { WEBHOOK_SECRET: '' } })
    expect((await client.postForm(INITIALIZE, TARO)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    expect(client.receiver.received).toEqual([])
    expect(logged('webhook_secret_missing')).toHaveLength(6)
    expect(logged('webhook_dead_lettered')).toHaveLength(1)
  })

  it.each([
    ['not base64', 'whsec_not base64!', /^WEBHOOK_SECRET must be whsec_/],
    ['24 bytes', `whsec_${btoa('x'.repeat(24))}`, /^WEBHOOK_SECRET must hold 32 to 64 bytes/],
  ])(
    'refuses a malformed secret (%s) at startup, naming it, before anything is done',
    async (_case, secret, error) => {
      expect(() => readConfig({ ...env, ...WEBHOOKS_ON, WEBHOOK_SECRET: secret } as Env)).toThrow(
        error,
      )
      const client = withWebhooks({ env: { WEBHOOK_SECRET: secret } })
      expect((await client.postForm(INITIALIZE, TARO)).status).toBe(500)
      expect(client.queue.sent).toEqual([])
      expect(client.receiver.received).toEqual([])
      expect(client.logs.lines.join('\n')).not.toContain(secret)
    },
  )

  it('gives an event enqueued again by a redelivered work message the same webhook-id', async () => {
    const client = withWebhooks()
    await initializedPasswordFor(client)
    expect(client.queue.sent.map((work) => work.procedure)).toEqual(['password_initialization'])
    const [work] = client.queue.sent
    if (!work) throw new Error('one work message was expected')
    client.queue.redeliver(work)
    await client.deliverQueue()
    expect(client.mailer.sent).toHaveLength(1)
    const ids = client.receiver.received.map((post) => post.headers['webhook-id'])
    expect(ids).toHaveLength(2)
    expect(ids[1]).toBe(ids[0])
  })
})
