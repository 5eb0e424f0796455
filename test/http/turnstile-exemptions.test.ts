// Where the bot check never comes (docs/operations.md#bot-check-turnstile): with one key alone,
// on the JSON API (with or without an API key) and on the password change; and the login ID
// notification's form, which it does guard, with its own action.
import { beforeEach, describe, expect, it } from 'vitest'
import { messages } from '../../src/i18n'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { from, TARO, TARO_CONTACT } from '../support/fixtures'
import { readPage } from '../support/html'
import { expectProblem, PASSWORD_INITIALIZATIONS, postJson, TARO_JSON } from '../support/json-api'
import { changeOf, WRONG_PASSWORD } from '../support/password-change'
import { DUMMY_TOKEN, SECRET_PASSES, Siteverify, TEST_SITE_KEY } from '../support/siteverify'

beforeEach(resetToDemoAccountsWithoutKeys)

const T0 = Date.UTC(2026, 11, 1, 9, 3, 0)
const IP = '203.0.113.7'
const KEYS = { TURNSTILE_SITE_KEY: TEST_SITE_KEY, TURNSTILE_SECRET_KEY: SECRET_PASSES }
const LIMITS = { RATE_LIMIT_PER_IP: '10/600', RATE_LIMIT_PER_LOGIN_ID: '1000/3600' }

function clientWith(env: Record<string, string | undefined>) {
  const siteverify = new Siteverify()
  const client = testClient({
    env: { ...LIMITS, ...env },
    deps: { turnstileFetch: siteverify.fetch },
  })
  client.clock.now = T0
  return { client, siteverify }
}

type Client = ReturnType<typeof testClient>

/** Fills the client's 10-per-600-s window with password initializations for unknown login IDs. */
async function fillWindow(client: Client) {
  for (let n = 0; n < 10; n++) {
    const post = { ...TARO, loginId: String(100_000_000 + n) }
    expect((await client.postForm('/password/initialize', post, from(IP))).status).toBe(303)
  }
}

/** Today's 429 page: its heading, no widget, no script, the no-script CSP. */
async function expectTodays429(response: Response) {
  expect(response.status).toBe(429)
  const csp = response.headers.get('Content-Security-Policy') ?? ''
  expect(csp).not.toContain('challenges.cloudflare.com')
  const page = await readPage(response)
  expect(page.all('h1')[0]?.text).toBe(messages('ja').tooManyRequests.title)
  expect(page.all('script')).toEqual([])
  expect(page.all('div').some((element) => element.attr('class') === 'cf-turnstile')).toBe(false)
}

describe('the bot check is off', () => {
  it.each([
    {
      name: 'with the site key alone',
      env: { TURNSTILE_SITE_KEY: TEST_SITE_KEY },
      missing: 'TURNSTILE_SECRET_KEY',
    },
    {
      name: 'with the secret key alone',
      env: { TURNSTILE_SECRET_KEY: SECRET_PASSES },
      missing: 'TURNSTILE_SITE_KEY',
    },
  ])(
    "$name: today's 429 page, no call to siteverify, a warning naming the missing key",
    async ({ env, missing }) => {
      const { client, siteverify } = clientWith(env)
      await fillWindow(client)
      const response = await client.postForm(
        '/password/initialize',
        { ...TARO, 'cf-turnstile-response': DUMMY_TOKEN },
        from(IP),
      )
      await expectTodays429(response)
      expect(siteverify.calls).toEqual([])
      expect(client.mailer.sent).toEqual([])
      const warnings = client.logs.events('setting_incomplete')
      expect(warnings).toHaveLength(1)
      expect(warnings[0]?.level).toBe('warn')
      expect(String(warnings[0]?.problem)).toContain(`${missing} is not`)
      expect(client.logs.lines.join('\n')).not.toContain(SECRET_PASSES)
    },
  )
})

describe('the bot check leaves alone', () => {
  it('a request with an API key: accepted up to its quota, then 429 as today', async () => {
    const { key } = await insertApiKey({ quota: '3/600' })
    const { client, siteverify } = clientWith({ ...KEYS, TURNSTILE_THRESHOLD: '1' })
    const headers = { ...bearer(key), ...from(IP) }
    for (let n = 0; n < 3; n++) {
      expect((await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, headers)).status).toBe(
        202,
      )
    }
    const limited = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, headers)
    await expectProblem(limited, 429)
    expect(limited.headers.get('Content-Security-Policy')).not.toContain(
      'challenges.cloudflare.com',
    )
    expect(siteverify.calls).toEqual([])
  })

  it('the JSON API without a key: 429 as today at the per-client limit', async () => {
    const { client, siteverify } = clientWith(KEYS)
    await fillWindow(client)
    const limited = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, from(IP))
    await expectProblem(limited, 429)
    expect(siteverify.calls).toEqual([])
  })

  it("the password change: no third-party script beside password fields, today's 429", async () => {
    const { client, siteverify } = clientWith(KEYS)
    await fillWindow(client)
    const response = await client.postForm(
      '/password/change',
      { ...changeOf(WRONG_PASSWORD), 'cf-turnstile-response': DUMMY_TOKEN },
      from(IP),
    )
    expect(response.status).toBe(429)
    expect(response.headers.get('Content-Security-Policy')).not.toContain(
      'challenges.cloudflare.com',
    )
    expect(await response.text()).not.toContain('cf-turnstile')
    expect(siteverify.calls).toEqual([])
  })
})

describe('the bot check on the login ID notification form', () => {
  it('asks for its own action and lets a confirmed token through', async () => {
    const { client, siteverify } = clientWith(KEYS)
    siteverify.action = 'login_id_notification'
    await fillWindow(client)

    const challenged = await client.postForm('/login-id/notify', TARO_CONTACT, from(IP))
    expect(challenged.status).toBe(429)
    const page = await readPage(challenged)
    const widget = page.all('div').find((element) => element.attr('class') === 'cf-turnstile')
    expect(widget?.attr('data-action')).toBe('login_id_notification')
    expect(client.mailer.sent).toEqual([])

    const accepted = await client.postForm(
      '/login-id/notify',
      { ...TARO_CONTACT, 'cf-turnstile-response': DUMMY_TOKEN },
      from(IP),
    )
    expect(accepted.status).toBe(303)
    expect(accepted.headers.get('Location')).toBe('/login-id/notify/sent?lang=ja')
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
  })

  it('refuses a token confirmed for the password initialization', async () => {
    const { client, siteverify } = clientWith(KEYS)
    await fillWindow(client)
    const response = await client.postForm(
      '/login-id/notify',
      { ...TARO_CONTACT, 'cf-turnstile-response': DUMMY_TOKEN },
      from(IP),
    )
    expect(response.status).toBe(429)
    expect(siteverify.calls).toHaveLength(1)
    expect(client.mailer.sent).toEqual([])
    expect(client.logs.events('turnstile_refused')).toMatchObject([{ reason: 'action' }])
  })
})
