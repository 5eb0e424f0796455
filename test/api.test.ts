import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { verifyPassword } from '../src/credentials/hash'
import { DEMO_ACCOUNTS } from '../src/db/demo-accounts'
import { type Locale, messages } from '../src/i18n'
import { apiMessages, type ProblemSlug } from '../src/i18n/api'
import { mailMessages } from '../src/i18n/mail'
import { loginIdNotificationJson } from '../src/procedures/login-id-notification/schema'
import { passwordInitializationJson } from '../src/procedures/password-initialization/schema'
import { bearer, clearApiKeys, insertApiKey } from './support/api-keys'
import { testClient } from './support/client'
import { resetToDemoAccounts, TARO } from './support/demo'
import { failingD1 } from './support/failing-bindings'
import {
  auditRows,
  initializedPasswordIn,
  initializedPasswordRows,
} from './support/initialized-password-rows'
import {
  ACCEPTED_BODY,
  expectNoHtmlOrStackTrace,
  expectProblem,
  fieldErrors,
  LOGIN_ID_NOTIFICATIONS,
  OPENAPI,
  observable,
  PASSWORD_INITIALIZATIONS,
  PROBLEM_CONTENT_TYPE,
  paddedJson,
  postJson,
  rateLimitCounters,
  TARO_CONTACT_JSON,
  TARO_JSON,
} from './support/json-api'
import { countingStream } from './support/request-bodies'
import { allRows, expectNoneOf } from './support/rows'

beforeEach(async () => {
  await resetToDemoAccounts()
  await clearApiKeys()
})

type Client = ReturnType<typeof testClient>
type Body = Record<string, unknown>

const KIB = 1024
const LIMIT = 16 * KIB
const MINUTE = 60_000
/** 09:03 UTC: three minutes into a 10-minute and into an hour window (windows are fixed). */
const T0 = Date.UTC(2026, 11, 1, 9, 3, 0)
const IP = '203.0.113.7'
const from = (ip: string) => ({ 'CF-Connecting-IP': ip })

/** Taro's phone as `{country, number}`, typed the way people type it. */
const TARO_PHONE_OBJECT = { country: 'JP', number: '090-1234-5678' }

const KEN_JSON = {
  loginId: '444000222',
  name: 'Ken YAMA',
  phone: '+819011112222',
  email: 'ken.yama@example.net',
}
const JANE_JSON = {
  loginId: '555000111',
  name: 'Jane Doe',
  phone: { country: 'US', number: '(415) 555-0123' },
  email: 'jane.doe@example.org',
}

const withoutKey = (body: Body, key: string): Body =>
  Object.fromEntries(Object.entries(body).filter(([name]) => name !== key))

/** The two procedures, each with a body that matches demo Taro. */
const PROCEDURES = [
  { procedure: 'password initialization', path: PASSWORD_INITIALIZATIONS, taro: TARO_JSON },
  { procedure: 'login ID notification', path: LOGIN_ID_NOTIFICATIONS, taro: TARO_CONTACT_JSON },
] as const

/** Fails unless nothing was e-mailed or issued. */
async function expectNothingSent(client: Client) {
  expect(client.mailer.sent).toEqual([])
  expect(await initializedPasswordRows()).toEqual([])
  expect(await allRows('login_id_notifications')).toEqual([])
}

/** Fails unless the answer is the one 202 every valid request gets. */
async function expectAccepted(response: Response) {
  const text = await response.text()
  expect(response.status, text).toBe(202)
  expect(response.headers.get('Content-Type')).toBe('application/json')
  expect(text).toBe(ACCEPTED_BODY)
}

describe('a valid request (202)', () => {
  it.each([
    { form: 'an E.164 string', phone: TARO_JSON.phone },
    { form: '{country, number}', phone: TARO_PHONE_OBJECT },
  ])(
    'issues an initialized password when all four fields match, phone as $form',
    async ({ phone }) => {
      const client = testClient()
      client.clock.now = T0
      // Typed in upper case: the mail still goes to the stored address.
      const response = await postJson(client, PASSWORD_INITIALIZATIONS, {
        ...TARO_JSON,
        phone,
        email: 'TARO.KOKU@EXAMPLE.COM',
      })
      await expectAccepted(response)

      expect(client.mailer.sent).toHaveLength(1)
      const [mail] = client.mailer.sent
      expect(mail?.to).toBe('taro.koku@example.com')
      const password = initializedPasswordIn(mail)
      expect(password).toBeDefined()

      // The same service as the form: one hashed, sent row valid for 60 minutes.
      const rows = await initializedPasswordRows()
      expect(rows).toHaveLength(1)
      const [row] = rows
      expect(row).toMatchObject({
        login_id: '123456789',
        issued_at: T0,
        expires_at: T0 + 60 * MINUTE,
        used_at: null,
        revoked_at: null,
        delivery_state: 'sent',
      })
      expect(row?.password_hash).not.toContain(password)
      expect(await verifyPassword(password ?? '', row?.password_hash ?? '')).toBe(true)
    },
  )

  it.each([
    { form: 'an E.164 string', phone: TARO_JSON.phone },
    { form: '{country, number}', phone: TARO_PHONE_OBJECT },
  ])(
    'e-mails the login ID when name, phone and e-mail match, phone as $form',
    async ({ phone }) => {
      const client = testClient()
      const response = await postJson(client, LOGIN_ID_NOTIFICATIONS, {
        ...TARO_CONTACT_JSON,
        phone,
        email: 'Taro.Koku@Example.com',
      })
      await expectAccepted(response)
      expect(client.mailer.sent).toHaveLength(1)
      const [mail] = client.mailer.sent
      expect(mail?.to).toBe('taro.koku@example.com')
      expect(mail?.text).toContain('123456789')
      expect(await allRows('login_id_notifications')).toHaveLength(1)
      expect(await initializedPasswordRows()).toEqual([])
    },
  )

  it('lists every login ID of an organization contact in one e-mail', async () => {
    const client = testClient()
    const response = await postJson(client, LOGIN_ID_NOTIFICATIONS, {
      name: 'Hanako SORA',
      phone: { country: 'JP', number: '03-1234-5678' },
      email: 'it-admin@example.co.jp',
    })
    await expectAccepted(response)
    expect(client.mailer.sent).toHaveLength(1)
    expect(client.mailer.sent[0]?.text).toContain('987654321')
    expect(client.mailer.sent[0]?.text).toContain('987654322')
  })

  it('answers every kind of password initialization mismatch exactly like a match', async () => {
    const client = testClient()
    client.clock.now = T0
    const mismatches: Array<[string, Body]> = [
      ['a wrong name', { ...TARO_JSON, name: 'Jiro KOKU' }],
      ['a wrong phone number', { ...TARO_JSON, phone: '+819012345679' }],
      ['a wrong e-mail address', { ...TARO_JSON, email: 'taro@example.com' }],
      ['an unknown login ID', { ...TARO_JSON, loginId: '111222333' }],
      ['a locked account', KEN_JSON],
    ]
    const answers: Array<[string, Awaited<ReturnType<typeof observable>>]> = []
    for (const [variant, body] of mismatches) {
      answers.push([
        variant,
        await observable(await postJson(client, PASSWORD_INITIALIZATIONS, body)),
      ])
    }
    expect(client.mailer.sent).toEqual([])
    expect(await initializedPasswordRows()).toEqual([])

    const match = await observable(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON))
    expect(client.mailer.sent).toHaveLength(1)
    client.clock.now = T0 + 4 * MINUTE
    answers.push([
      'a match within the per-account cooldown',
      await observable(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)),
    ])
    expect(client.mailer.sent).toHaveLength(1)
    expect(await initializedPasswordRows()).toHaveLength(1)

    expect(match.status).toBe(202)
    expect(match.body).toBe(ACCEPTED_BODY)
    for (const [variant, answer] of answers) expect(answer, variant).toEqual(match)
  })

  it('answers every kind of login ID notification mismatch exactly like a match', async () => {
    const client = testClient()
    client.clock.now = T0
    const mismatches: Array<[string, Body]> = [
      ['a wrong name', { ...TARO_CONTACT_JSON, name: 'Jiro KOKU' }],
      ['a wrong phone number', { ...TARO_CONTACT_JSON, phone: '+819012345679' }],
      ['a wrong e-mail address', { ...TARO_CONTACT_JSON, email: 'taro@example.com' }],
      ['nobody at all', { name: 'Nobody Known', phone: '+819000000000', email: 'no@example.com' }],
      ['a locked account', withoutKey(KEN_JSON, 'loginId')],
    ]
    const answers: Array<[string, Awaited<ReturnType<typeof observable>>]> = []
    for (const [variant, body] of mismatches) {
      answers.push([
        variant,
        await observable(await postJson(client, LOGIN_ID_NOTIFICATIONS, body)),
      ])
    }
    expect(client.mailer.sent).toEqual([])

    const match = await observable(
      await postJson(client, LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON),
    )
    expect(client.mailer.sent).toHaveLength(1)
    client.clock.now = T0 + 4 * MINUTE
    answers.push([
      'a match within the per-address cooldown',
      await observable(await postJson(client, LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON)),
    ])
    expect(client.mailer.sent).toHaveLength(1)

    expect(match.status).toBe(202)
    expect(match.body).toBe(ACCEPTED_BODY)
    for (const [variant, answer] of answers) expect(answer, variant).toEqual(match)
  })

  it('shares the per-account cap with the form: a form post after a JSON match sends nothing', async () => {
    const client = testClient()
    client.clock.now = T0
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON))
    client.clock.now = T0 + MINUTE
    const form = await client.postForm('/password/initialize', TARO)
    expect(form.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    expect(await initializedPasswordRows()).toHaveLength(1)
  })

  it.each([
    'APPLICATION/JSON; Charset=UTF-8',
    'application/json;charset=utf-8',
    'application/json; charset="utf-8"',
    'Application/Json',
  ])('accepts the Content-Type %s as JSON', async (contentType) => {
    const client = testClient()
    await expectAccepted(
      await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, { 'Content-Type': contentType }),
    )
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('accepts a body of exactly 16 KiB, with Content-Length or streamed', async () => {
    const client = testClient()
    client.clock.now = T0
    const body = paddedJson(TARO_JSON, LIMIT)
    await expectAccepted(
      await postJson(client, PASSWORD_INITIALIZATIONS, body, { 'Content-Length': String(LIMIT) }),
    )
    const { stream, read } = countingStream(paddedJson(TARO_CONTACT_JSON, LIMIT))
    await expectAccepted(await postJson(client, LOGIN_ID_NOTIFICATIONS, stream))
    expect(read.bytes).toBe(LIMIT)
    expect(client.mailer.sent).toHaveLength(2)
  })

  // Which of two values a parser keeps differs between parsers: a repeated key is refused.
  it('refuses a repeated key, whichever value comes last, and sends nothing', async () => {
    const client = testClient()
    client.clock.now = T0
    const wrongLast = `{"loginId":"123456789","name":"Taro KOKU","phone":"+819012345678","email":"taro.koku@example.com","email":"b@example.com"}`
    const rightLast = `{"loginId":"123456789","name":"Taro KOKU","phone":"+819012345678","email":"b@example.com","email":"taro.koku@example.com"}`
    for (const body of [wrongLast, rightLast]) {
      const problem = await expectProblem(
        await postJson(client, PASSWORD_INITIALIZATIONS, body),
        400,
      )
      expect(fieldErrors(problem)).toEqual([{ field: 'email', code: 'duplicate_key' }])
    }
    expect(client.mailer.sent).toEqual([])
  })
})

describe('problem documents', () => {
  it.each(PROCEDURES)(
    'answers malformed JSON to the $procedure route with 400',
    async ({ path }) => {
      const client = testClient()
      const problem = await expectProblem(await postJson(client, path, '{x'), 400)
      expect(problem.type).toBe('/api/v1/problems/malformed-json')
      expect(problem.errors).toEqual([])
      await expectNothingSent(client)
    },
  )

  it.each([
    ['an empty body', ''],
    ['a truncated object', '{"loginId":"123456789",'],
    ['single quotes', "{'loginId':'123456789'}"],
    ['a trailing comma', `${JSON.stringify(TARO_JSON).slice(0, -1)},}`],
    ['two documents', `${JSON.stringify(TARO_JSON)}${JSON.stringify(TARO_JSON)}`],
  ])('answers %s with 400', async (_case, body) => {
    const client = testClient()
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, body), 400)
    await expectNothingSent(client)
  })

  it.each(PROCEDURES)(
    'answers 17 KiB with Content-Length to the $procedure route with 413',
    async ({ path, taro }) => {
      const client = testClient()
      const body = paddedJson(taro, 17 * KIB)
      const response = await postJson(client, path, body, { 'Content-Length': String(17 * KIB) })
      const problem = await expectProblem(response, 413)
      expect(problem.type).toBe('/api/v1/problems/payload-too-large')
      await expectNothingSent(client)
    },
  )

  it('answers 16 KiB + 1 byte with 413', async () => {
    const client = testClient()
    const body = paddedJson(TARO_JSON, LIMIT + 1)
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, body, {
      'Content-Length': String(LIMIT + 1),
    })
    await expectProblem(response, 413)
    await expectNothingSent(client)
  })

  it('answers 17 KiB streamed without Content-Length with 413, reading no further than the limit', async () => {
    const client = testClient()
    const { stream, read } = countingStream(paddedJson(TARO_JSON, 17 * KIB))
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, stream), 413)
    expect(read.bytes).toBeLessThanOrEqual(LIMIT + KIB)
    await expectNothingSent(client)
  })

  it.each([
    ['text/plain', 'text/plain'],
    ['form-urlencoded', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['a charset other than UTF-8', 'application/json; charset=latin1'],
    ['another parameter', 'application/json; version=1'],
    ['a JSON-like type', 'text/json'],
    ['a +json suffix', 'application/problem+json'],
    ['a longer subtype', 'application/jsonx'],
  ])('answers a valid body declared as %s with 415', async (_case, contentType) => {
    const client = testClient()
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, {
      'Content-Type': contentType,
    })
    const problem = await expectProblem(response, 415)
    expect(problem.type).toBe('/api/v1/problems/unsupported-media-type')
    await expectNothingSent(client)
  })

  it.each(PROCEDURES)(
    'answers a body without Content-Type to the $procedure route with 415',
    async ({ path, taro }) => {
      const client = testClient()
      const response = await postJson(client, path, taro, { 'Content-Type': null })
      await expectProblem(response, 415)
      await expectNothingSent(client)
    },
  )

  it.each(PROCEDURES)(
    'answers invalid fields to the $procedure route with 422',
    async ({ path, taro }) => {
      const client = testClient()
      const response = await postJson(client, path, { ...taro, email: 'not an address' })
      const problem = await expectProblem(response, 422)
      expect(problem.type).toBe('/api/v1/problems/invalid-fields')
      expect(fieldErrors(problem)).toEqual([{ field: 'email', code: 'format' }])
      await expectNothingSent(client)
    },
  )

  it('answers the second post for one login ID with 429 and Retry-After when the limit is one', async () => {
    const client = testClient({ env: { RATE_LIMIT_PER_LOGIN_ID: '1/3600' } })
    client.clock.now = T0
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON))
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    const retryAfter = response.headers.get('Retry-After')
    const problem = await expectProblem(response, 429)
    expect(problem.type).toBe('/api/v1/problems/too-many-requests')
    // The hour window started at 09:00; it ends 57 minutes after T0.
    expect(retryAfter).toBe(String(57 * 60))
    expect(client.mailer.sent).toHaveLength(1)
  })

  it.each(PROCEDURES)(
    'answers the $procedure route past the per-IP limit with 429',
    async ({ path, taro }) => {
      const client = testClient({ env: { RATE_LIMIT_PER_IP: '1/600' } })
      client.clock.now = T0
      await expectAccepted(await postJson(client, path, taro, from(IP)))
      const response = await postJson(client, path, taro, from(IP))
      expect(response.headers.get('Retry-After')).toBe(String(7 * 60))
      await expectProblem(response, 429)
      expect(client.mailer.sent).toHaveLength(1)
    },
  )

  it.each(PROCEDURES)(
    'answers the $procedure route with 503 and sends nothing when D1 is down',
    async ({ path, taro }) => {
      const client = testClient({ env: { DB: failingD1() } })
      const problem = await expectProblem(await postJson(client, path, taro), 503)
      expect(problem.type).toBe('/api/v1/problems/service-unavailable')
      expect(client.mailer.sent).toEqual([])
    },
  )

  it('answers 503 to a request with an API key when D1 is down', async () => {
    const { key } = await insertApiKey()
    const client = testClient({ env: { DB: failingD1() } })
    await expectProblem(
      await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(key)),
      503,
    )
    expect(client.mailer.sent).toEqual([])
  })

  it.each([
    ['an unknown key', () => Promise.resolve(bearer('pik_not-a-key-anybody-was-given'))],
    ['a malformed Authorization header', () => Promise.resolve({ Authorization: 'Basic xyz' })],
    ['an empty Bearer', () => Promise.resolve({ Authorization: 'Bearer ' })],
    [
      'a revoked key',
      async () => bearer((await insertApiKey({ revokedAt: Date.now() - MINUTE })).key),
    ],
  ])('answers %s with 401 and WWW-Authenticate', async (_case, headers) => {
    const client = testClient()
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, await headers())
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer\b/)
    const problem = await expectProblem(response, 401)
    expect(problem.type).toBe('/api/v1/problems/unauthorized')
    await expectNothingSent(client)
  })

  it('answers POST on the OpenAPI document with 405 and Allow: GET, HEAD', async () => {
    const client = testClient()
    const response = await client.request('/api/v1/openapi.json', {
      method: 'POST',
      body: JSON.stringify(TARO_JSON),
      headers: { 'Content-Type': 'application/json' },
    })
    expect(response.headers.get('Allow')).toBe('GET, HEAD')
    const problem = await expectProblem(response, 405)
    expect(problem.type).toBe('/api/v1/problems/method-not-allowed')
    await expectNothingSent(client)
  })

  it.each([
    ['GET', '/api/v1/nothing-here'],
    ['POST', '/api/v1/nothing-here'],
    ['GET', '/api'],
    ['GET', '/api/'],
    ['POST', '/api/v2/password-initializations'],
    ['POST', '/api/v1/password-initializations/extra'],
    ['GET', '/api/v1/%ZZ'],
  ])('answers %s %s with a 404 problem document', async (method, path) => {
    const client = testClient()
    const response = await client.request(path, {
      method,
      ...(method === 'POST'
        ? { body: JSON.stringify(TARO_JSON), headers: { 'Content-Type': 'application/json' } }
        : {}),
    })
    const problem = await expectProblem(response, 404)
    expect(problem.type).toBe('/api/v1/problems/not-found')
    await expectNothingSent(client)
  })

  it.each(
    PROCEDURES.flatMap(({ procedure, path }) =>
      ['GET', 'PUT', 'PATCH', 'DELETE'].map((method) => ({ procedure, path, method })),
    ),
  )(
    'answers $method on the $procedure route with 405 and Allow: POST',
    async ({ path, method }) => {
      const client = testClient()
      const response = await client.request(path, { method })
      expect(response.headers.get('Allow')).toBe('POST')
      const problem = await expectProblem(response, 405)
      expect(problem.type).toBe('/api/v1/problems/method-not-allowed')
    },
  )

  it('answers even a broken configuration with a problem document, not a page', async () => {
    const client = testClient({ env: { RATE_LIMIT_PER_IP: 'ten per minute' } })
    const problem = await expectProblem(
      await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON),
      500,
    )
    expect(problem.type).toBe('/api/v1/problems/internal-error')
    await expectNothingSent(client)
  })

  it('answers whatever a JSON client sends without HTML or a stack trace', async () => {
    const client = testClient()
    const { key } = await insertApiKey({ revokedAt: 1 })
    const attempts: Array<[string, string, RequestInit]> = [
      [
        'binary junk',
        PASSWORD_INITIALIZATIONS,
        {
          method: 'POST',
          body: new Uint8Array([0xff, 0xfe, 0x00, 0x80]),
          headers: { 'Content-Type': 'application/json' },
        },
      ],
      [
        'a lone surrogate',
        PASSWORD_INITIALIZATIONS,
        {
          method: 'POST',
          body: '{"name":"\\ud800"}',
          headers: { 'Content-Type': 'application/json' },
        },
      ],
      [
        'Accept: text/html',
        PASSWORD_INITIALIZATIONS,
        {
          method: 'POST',
          body: '{x',
          headers: { 'Content-Type': 'application/json', Accept: 'text/html' },
        },
      ],
      [
        'a revoked key and HTML',
        LOGIN_ID_NOTIFICATIONS,
        {
          method: 'POST',
          body: '<html>',
          headers: { 'Content-Type': 'text/html', ...bearer(key) },
        },
      ],
      ['an OPTIONS request', LOGIN_ID_NOTIFICATIONS, { method: 'OPTIONS' }],
      ['a query string', `${PASSWORD_INITIALIZATIONS}?lang=ja&<script>`, { method: 'GET' }],
    ]
    for (const [attempt, path, init] of attempts) {
      const response = await client.request(path, init)
      const text = await response.text()
      expect(response.headers.get('Content-Type'), attempt).toBe(PROBLEM_CONTENT_TYPE)
      expect(response.status, attempt).toBeGreaterThanOrEqual(400)
      expectNoHtmlOrStackTrace(text)
    }
    await expectNothingSent(client)
  })
})

describe('which error answers when several apply (SPEC 3: 401, 413, 415, 400, 422, 429)', () => {
  const OVERSIZED = 'x'.repeat(17 * KIB)

  it('answers a wrong key with an oversized, mistyped, malformed body with 401', async () => {
    const client = testClient()
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, OVERSIZED, {
      ...bearer('pik_wrong'),
      'Content-Type': 'text/plain',
      'Content-Length': String(17 * KIB),
    })
    await expectProblem(response, 401)
  })

  it('answers a revoked key with an oversized body with 401', async () => {
    const { key } = await insertApiKey({ revokedAt: Date.now() })
    const client = testClient()
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, OVERSIZED, {
      ...bearer(key),
      'Content-Length': String(17 * KIB),
    })
    await expectProblem(response, 401)
  })

  it('answers an oversized body of the wrong type with 413', async () => {
    const client = testClient()
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, OVERSIZED, {
      'Content-Type': 'text/plain',
      'Content-Length': String(17 * KIB),
    })
    await expectProblem(response, 413)
  })

  it('answers an oversized body streamed without a Content-Type with 413', async () => {
    const client = testClient()
    const { stream } = countingStream(OVERSIZED)
    await expectProblem(
      await postJson(client, PASSWORD_INITIALIZATIONS, stream, { 'Content-Type': null }),
      413,
    )
  })

  it('answers malformed JSON of the wrong type with 415', async () => {
    const client = testClient()
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, '{x', {
      'Content-Type': 'text/plain',
    })
    await expectProblem(response, 415)
  })

  it('answers malformed JSON with 400, before looking at any field', async () => {
    const client = testClient()
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, '{"extra": 1,'), 400)
  })

  it('answers invalid fields past the rate limits with 422, not 429', async () => {
    const client = testClient({
      env: { RATE_LIMIT_PER_IP: '1/600', RATE_LIMIT_PER_LOGIN_ID: '1/3600' },
    })
    client.clock.now = T0
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, from(IP)))
    const invalid = { ...TARO_JSON, email: ['a@x', 'b@y'] }
    const problem = await expectProblem(
      await postJson(client, PASSWORD_INITIALIZATIONS, invalid, from(IP)),
      422,
    )
    expect(fieldErrors(problem)).toEqual([{ field: 'email', code: 'invalid_type' }])
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, from(IP)), 429)
  })

  it('does not charge the rate limits for invalid requests', async () => {
    const client = testClient({ env: { RATE_LIMIT_PER_IP: '1/600' } })
    client.clock.now = T0
    for (const body of ['{x', JSON.stringify({ extra: 1 })]) {
      await postJson(client, PASSWORD_INITIALIZATIONS, body, from(IP))
    }
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, {
      ...from(IP),
      'Content-Type': 'text/plain',
    })
    expect(await rateLimitCounters()).toEqual([])
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, from(IP)))
  })
})

describe('strict JSON bodies (422)', () => {
  const cases: Array<{
    case: string
    body: unknown
    errors: Array<{ field: string; code: string }>
  }> = [
    {
      case: 'an unknown top-level key',
      body: { ...TARO_JSON, extra: 1 },
      errors: [{ field: 'extra', code: 'unknown_key' }],
    },
    {
      case: 'two unknown keys',
      body: { ...TARO_JSON, extra: 1, admin: true },
      errors: [
        { field: 'extra', code: 'unknown_key' },
        { field: 'admin', code: 'unknown_key' },
      ],
    },
    {
      case: 'an unknown key inside phone',
      body: { ...TARO_JSON, phone: { ...TARO_PHONE_OBJECT, extra: 'x' } },
      errors: [{ field: 'phone.extra', code: 'unknown_key' }],
    },
    {
      case: 'an array of e-mail addresses',
      body: { ...TARO_JSON, email: ['a@x', 'b@y'] },
      errors: [{ field: 'email', code: 'invalid_type' }],
    },
    {
      case: 'an object for the e-mail address',
      body: { ...TARO_JSON, email: { address: TARO_JSON.email } },
      errors: [{ field: 'email', code: 'invalid_type' }],
    },
    {
      case: 'an object for the name',
      body: { ...TARO_JSON, name: { given: 'Taro', family: 'Koku' } },
      errors: [{ field: 'name', code: 'invalid_type' }],
    },
    {
      case: 'a number for the login ID',
      body: { ...TARO_JSON, loginId: 123456789 },
      errors: [{ field: 'loginId', code: 'invalid_type' }],
    },
    {
      case: 'null for the name',
      body: { ...TARO_JSON, name: null },
      errors: [{ field: 'name', code: 'invalid_type' }],
    },
    {
      case: 'null for the phone',
      body: { ...TARO_JSON, phone: null },
      errors: [{ field: 'phone', code: 'invalid_type' }],
    },
    {
      case: 'a boolean for the e-mail address',
      body: { ...TARO_JSON, email: true },
      errors: [{ field: 'email', code: 'invalid_type' }],
    },
    {
      case: 'a number for the phone',
      body: { ...TARO_JSON, phone: 819012345678 },
      errors: [{ field: 'phone', code: 'invalid_type' }],
    },
    {
      case: 'an array for the phone',
      body: { ...TARO_JSON, phone: ['JP', '09012345678'] },
      errors: [{ field: 'phone', code: 'invalid_type' }],
    },
    {
      case: 'a missing name',
      body: withoutKey(TARO_JSON, 'name'),
      errors: [{ field: 'name', code: 'required' }],
    },
    {
      case: 'a missing phone',
      body: withoutKey(TARO_JSON, 'phone'),
      errors: [{ field: 'phone', code: 'required' }],
    },
    {
      case: 'an empty object',
      body: {},
      errors: ['loginId', 'name', 'phone', 'email'].map((field) => ({ field, code: 'required' })),
    },
    {
      case: 'only an e-mail array',
      body: { email: ['a@x', 'b@y'] },
      errors: [
        { field: 'loginId', code: 'required' },
        { field: 'name', code: 'required' },
        { field: 'phone', code: 'required' },
        { field: 'email', code: 'invalid_type' },
      ],
    },
    {
      case: 'an empty login ID',
      body: { ...TARO_JSON, loginId: '  ' },
      errors: [{ field: 'loginId', code: 'required' }],
    },
    {
      case: 'an eight-digit login ID',
      body: { ...TARO_JSON, loginId: '12345678' },
      errors: [{ field: 'loginId', code: 'format' }],
    },
    {
      case: 'a phone string without +',
      body: { ...TARO_JSON, phone: '09012345678' },
      errors: [{ field: 'phone', code: 'format' }],
    },
    {
      case: 'an impossible E.164 phone',
      body: { ...TARO_JSON, phone: '+8112' },
      errors: [{ field: 'phone', code: 'not_possible' }],
    },
    {
      case: 'a phone object with an impossible number',
      body: { ...TARO_JSON, phone: { country: 'JP', number: '123' } },
      errors: [{ field: 'phone.number', code: 'not_possible' }],
    },
    {
      case: 'a phone object with letters in the number',
      body: { ...TARO_JSON, phone: { country: 'JP', number: '090-abcd-5678' } },
      errors: [{ field: 'phone.number', code: 'format' }],
    },
    {
      case: 'a phone object with an unknown country',
      body: { ...TARO_JSON, phone: { country: 'XX', number: '09012345678' } },
      errors: [{ field: 'phone.country', code: 'unknown_country' }],
    },
    {
      case: 'a phone object without a number',
      body: { ...TARO_JSON, phone: { country: 'JP' } },
      errors: [{ field: 'phone.number', code: 'required' }],
    },
    {
      case: 'a phone object with a number for the country',
      body: { ...TARO_JSON, phone: { country: 81, number: '09012345678' } },
      errors: [{ field: 'phone.country', code: 'invalid_type' }],
    },
    {
      case: 'an unsupported locale',
      body: { ...TARO_JSON, locale: 'fr' },
      errors: [{ field: 'locale', code: 'format' }],
    },
    {
      case: 'a number for the locale',
      body: { ...TARO_JSON, locale: 1 },
      errors: [{ field: 'locale', code: 'invalid_type' }],
    },
    {
      case: 'null for the locale',
      body: { ...TARO_JSON, locale: null },
      errors: [{ field: 'locale', code: 'invalid_type' }],
    },
    {
      case: 'a name with a control character',
      body: { ...TARO_JSON, name: 'Taro\u0000KOKU' },
      errors: [{ field: 'name', code: 'control_characters' }],
    },
    {
      case: 'a JSON array as the body',
      body: [TARO_JSON],
      errors: [{ field: '', code: 'invalid_type' }],
    },
    {
      case: 'an empty JSON array as the body',
      body: [],
      errors: [{ field: '', code: 'invalid_type' }],
    },
    {
      case: 'a JSON string as the body',
      body: '"123456789"',
      errors: [{ field: '', code: 'invalid_type' }],
    },
    { case: 'JSON null as the body', body: 'null', errors: [{ field: '', code: 'invalid_type' }] },
    {
      case: 'a JSON number as the body',
      body: '42',
      errors: [{ field: '', code: 'invalid_type' }],
    },
    {
      case: 'deeply nested junk in a field',
      body: `{"loginId":"123456789","name":"Taro KOKU","phone":"+819012345678","email":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      errors: [{ field: 'email', code: 'invalid_type' }],
    },
    {
      case: 'deeply nested junk under an unknown key',
      body: `{"loginId":"123456789","name":"Taro KOKU","phone":"+819012345678","email":"taro.koku@example.com","junk":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`,
      errors: [{ field: 'junk', code: 'unknown_key' }],
    },
    {
      case: 'deeply nested arrays as the body',
      body: `${'['.repeat(8000)}${']'.repeat(8000)}`,
      errors: [{ field: '', code: 'invalid_type' }],
    },
    {
      case: 'a __proto__ key',
      body: `{"loginId":"123456789","name":"Taro KOKU","phone":"+819012345678","email":"taro.koku@example.com","__proto__":{"admin":true}}`,
      errors: [{ field: '__proto__', code: 'unknown_key' }],
    },
    {
      case: 'a constructor key',
      body: { ...TARO_JSON, constructor: 'x' },
      errors: [{ field: 'constructor', code: 'unknown_key' }],
    },
  ]

  it.each(cases)(
    'answers $case with 422, the exact errors, and sends nothing',
    async ({ body, errors }) => {
      const client = testClient()
      const problem = await expectProblem(
        await postJson(client, PASSWORD_INITIALIZATIONS, body),
        422,
      )
      expect(fieldErrors(problem)).toEqual(errors)
      await expectNothingSent(client)
    },
  )

  it.each([
    {
      case: 'a login ID (unknown to this procedure)',
      body: { ...TARO_CONTACT_JSON, loginId: '123456789' },
      errors: [{ field: 'loginId', code: 'unknown_key' }],
    },
    {
      case: 'an array of e-mail addresses',
      body: { ...TARO_CONTACT_JSON, email: ['a@x', 'b@y'] },
      errors: [{ field: 'email', code: 'invalid_type' }],
    },
    {
      case: 'an unknown key inside phone',
      body: { ...TARO_CONTACT_JSON, phone: { ...TARO_PHONE_OBJECT, ext: '12' } },
      errors: [{ field: 'phone.ext', code: 'unknown_key' }],
    },
    {
      case: 'a missing e-mail address',
      body: withoutKey(TARO_CONTACT_JSON, 'email'),
      errors: [{ field: 'email', code: 'required' }],
    },
    {
      case: 'a JSON array as the body',
      body: [TARO_CONTACT_JSON],
      errors: [{ field: '', code: 'invalid_type' }],
    },
  ])(
    'answers a login ID notification with $case with 422 and sends nothing',
    async ({ body, errors }) => {
      const client = testClient()
      const problem = await expectProblem(await postJson(client, LOGIN_ID_NOTIFICATIONS, body), 422)
      expect(fieldErrors(problem)).toEqual(errors)
      await expectNothingSent(client)
    },
  )

  it('never matches through a type confusion, even with every other field right', async () => {
    const client = testClient()
    const confusions: Array<[string, unknown]> = [
      ['email', [TARO_JSON.email]],
      ['email', [TARO_JSON.email, 'attacker@example.com']],
      ['email', { toString: TARO_JSON.email }],
      ['loginId', [TARO_JSON.loginId]],
      ['name', ['Taro', 'KOKU']],
      ['phone', [TARO_JSON.phone]],
      ['phone', { e164: TARO_JSON.phone }],
    ]
    for (const [field, value] of confusions) {
      const problem = await expectProblem(
        await postJson(client, PASSWORD_INITIALIZATIONS, { ...TARO_JSON, [field]: value }),
        422,
      )
      expect(problem.errors.length).toBeGreaterThan(0)
      for (const error of problem.errors)
        expect(error.field).toMatch(new RegExp(`^${field}(\\.|$)`))
      if (field === 'loginId') continue
      await expectProblem(
        await postJson(client, LOGIN_ID_NOTIFICATIONS, { ...TARO_CONTACT_JSON, [field]: value }),
        422,
      )
    }
    await expectNothingSent(client)
  })
})

describe('the language of problem documents', () => {
  const problems = (locale: Locale) => apiMessages(locale).problems

  it('follows locale in the body over Accept-Language', async () => {
    const client = testClient()
    const response = await postJson(
      client,
      PASSWORD_INITIALIZATIONS,
      { ...TARO_JSON, loginId: '12345', email: ['a@x'], locale: 'ja' },
      { 'Accept-Language': 'en-US,en;q=0.9' },
    )
    expect(response.headers.get('Content-Language')).toBe('ja')
    const problem = await expectProblem(response, 422)
    expect(problem.title).toBe(problems('ja')['invalid-fields'].title)
    expect(problem.detail).toBe(problems('ja')['invalid-fields'].detail)
    expect(problem.errors).toEqual([
      { field: 'loginId', code: 'format', message: messages('ja').errors.loginId.format },
      { field: 'email', code: 'invalid_type', message: apiMessages('ja').fields.invalidType },
    ])
  })

  it('follows Accept-Language when the body has no locale', async () => {
    const client = testClient()
    const response = await postJson(
      client,
      PASSWORD_INITIALIZATIONS,
      { ...TARO_JSON, extra: 1 },
      { 'Accept-Language': 'ja,en;q=0.5' },
    )
    const problem = await expectProblem(response, 422)
    expect(problem.title).toBe(problems('ja')['invalid-fields'].title)
    expect(problem.errors).toEqual([
      { field: 'extra', code: 'unknown_key', message: apiMessages('ja').fields.unknownKey },
    ])
  })

  it('is English with neither locale nor Accept-Language', async () => {
    const client = testClient()
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, {
      ...TARO_JSON,
      phone: '09012345678',
    })
    expect(response.headers.get('Content-Language')).toBe('en')
    const problem = await expectProblem(response, 422)
    expect(problem.title).toBe(problems('en')['invalid-fields'].title)
    expect(problem.errors).toEqual([
      { field: 'phone', code: 'format', message: apiMessages('en').fields.phone.format },
    ])
  })

  it('follows locale "en" in the body over Accept-Language ja', async () => {
    const client = testClient()
    const response = await postJson(
      client,
      LOGIN_ID_NOTIFICATIONS,
      { ...TARO_CONTACT_JSON, name: 'Taro', locale: 'en' },
      { 'Accept-Language': 'ja' },
    )
    const problem = await expectProblem(response, 422)
    expect(problem.title).toBe(problems('en')['invalid-fields'].title)
    expect(problem.errors[0]?.message).toBe(messages('en').errors.name.no_space)
  })

  it('falls back to Accept-Language when the locale itself is invalid', async () => {
    const client = testClient()
    const response = await postJson(
      client,
      PASSWORD_INITIALIZATIONS,
      { ...TARO_JSON, locale: 'fr' },
      { 'Accept-Language': 'ja' },
    )
    const problem = await expectProblem(response, 422)
    expect(problem.title).toBe(problems('ja')['invalid-fields'].title)
    expect(problem.errors).toEqual([
      { field: 'locale', code: 'format', message: apiMessages('ja').fields.locale.format },
    ])
  })

  const noUsableBody: Array<{
    status: number
    slug: ProblemSlug
    body: string
    headers: Record<string, string>
  }> = [
    { status: 400, slug: 'malformed-json', body: '{"locale":"en",', headers: {} },
    {
      status: 413,
      slug: 'payload-too-large',
      body: paddedJson({ ...TARO_JSON, locale: 'en' }, 17 * KIB),
      headers: { 'Content-Length': String(17 * KIB) },
    },
    {
      status: 415,
      slug: 'unsupported-media-type',
      body: JSON.stringify({ ...TARO_JSON, locale: 'en' }),
      headers: { 'Content-Type': 'text/plain' },
    },
    {
      status: 401,
      slug: 'unauthorized',
      body: JSON.stringify({ ...TARO_JSON, locale: 'en' }),
      headers: bearer('pik_wrong'),
    },
  ]

  it.each(noUsableBody)(
    'answers $status in the language of Accept-Language, even when the body names a locale',
    async ({ status, slug, body, headers }) => {
      const client = testClient()
      const response = await postJson(client, PASSWORD_INITIALIZATIONS, body, {
        ...headers,
        'Accept-Language': 'ja-JP,ja;q=0.9',
      })
      expect(response.headers.get('Content-Language')).toBe('ja')
      const problem = await expectProblem(response, status)
      expect(problem.title).toBe(problems('ja')[slug].title)
      expect(problem.detail).toBe(problems('ja')[slug].detail)

      const english = await expectProblem(
        await postJson(client, PASSWORD_INITIALIZATIONS, body, headers),
        status,
      )
      expect(english.title).toBe(problems('en')[slug].title)
    },
  )

  it('answers 404 and 405 in the language of Accept-Language', async () => {
    const client = testClient()
    const headers = { 'Accept-Language': 'ja' }
    const notFound = await expectProblem(await client.request('/api/v1/nope', { headers }), 404)
    expect(notFound.title).toBe(problems('ja')['not-found'].title)
    const notAllowed = await expectProblem(
      await client.request(PASSWORD_INITIALIZATIONS, { headers }),
      405,
    )
    expect(notAllowed.title).toBe(problems('ja')['method-not-allowed'].title)
  })

  it('answers 429 in the language of the body', async () => {
    const client = testClient({ env: { RATE_LIMIT_PER_LOGIN_ID: '1/3600' } })
    client.clock.now = T0
    const body = { ...TARO_JSON, loginId: '111222333', locale: 'ja' }
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, body))
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, body, {
      'Accept-Language': 'en',
    })
    const problem = await expectProblem(response, 429)
    expect(problem.title).toBe(problems('ja')['too-many-requests'].title)
  })

  // BUG (src/api/routes.ts:58): accept() answers 503 in apiLocale(c) without the body's locale,
  // although the body was parsed and valid; 422 and 429 do pass bodyLocale(). Japanese is expected.
  it('answers 503 in the language of the body', async () => {
    const client = testClient({ env: { DB: failingD1() } })
    const response = await postJson(
      client,
      PASSWORD_INITIALIZATIONS,
      { ...TARO_JSON, locale: 'ja' },
      { 'Accept-Language': 'en' },
    )
    const problem = await expectProblem(response, 503)
    expect(problem.title).toBe(problems('ja')['service-unavailable'].title)
  })
})

describe('the e-mail of a JSON match', () => {
  it.each([
    { account: 'a Japanese account', body: { ...TARO_JSON, locale: 'en' }, mailLocale: 'ja' },
    { account: 'an English account', body: { ...JANE_JSON, locale: 'ja' }, mailLocale: 'en' },
  ] as const)(
    'is in the language of $account whatever locale asks for',
    async ({ body, mailLocale }) => {
      const client = testClient()
      await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, body))
      expect(client.mailer.sent).toHaveLength(1)
      expect(client.mailer.sent[0]?.subject).toBe(
        mailMessages(mailLocale).initializedPassword.subject(env.SERVICE_NAME),
      )
    },
  )

  it('lists login IDs in the language of the account whatever locale asks for', async () => {
    const client = testClient()
    await expectAccepted(
      await postJson(client, LOGIN_ID_NOTIFICATIONS, {
        ...withoutKey(JANE_JSON, 'loginId'),
        locale: 'ja',
      }),
    )
    expect(client.mailer.sent[0]?.subject).toBe(
      mailMessages('en').loginIdNotification.subject(env.SERVICE_NAME),
    )
  })
})

describe('the audit trail of JSON submissions', () => {
  it('records each outcome like the form does, with no submitted personal data', async () => {
    const client = testClient({ env: { RATE_LIMIT_PER_LOGIN_ID: '2/3600' } })
    client.clock.now = T0
    const requestIds: Array<string | null> = []
    const post = async (path: string, body: unknown) => {
      const response = await postJson(client, path, body, from(IP))
      requestIds.push(response.headers.get('X-Request-Id'))
      return response
    }
    await post(PASSWORD_INITIALIZATIONS, TARO_JSON)
    await post(PASSWORD_INITIALIZATIONS, { ...TARO_JSON, name: 'Jiro KOKU' })
    await post(PASSWORD_INITIALIZATIONS, TARO_JSON)
    await post(PASSWORD_INITIALIZATIONS, { ...TARO_JSON, email: ['a@x', 'b@y'] })
    await post(PASSWORD_INITIALIZATIONS, KEN_JSON)
    await post(LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON)

    const rows = await auditRows()
    expect(
      rows.map(({ procedure, outcome, login_id }) => ({ procedure, outcome, login_id })),
    ).toEqual([
      { procedure: 'password_initialization', outcome: 'issued', login_id: '123456789' },
      { procedure: 'password_initialization', outcome: 'no_match', login_id: '123456789' },
      { procedure: 'password_initialization', outcome: 'rate_limited', login_id: '123456789' },
      { procedure: 'password_initialization', outcome: 'invalid', login_id: '123456789' },
      { procedure: 'password_initialization', outcome: 'inactive', login_id: '444000222' },
      { procedure: 'login_id_notification', outcome: 'sent', login_id: null },
    ])
    expect(rows.map((row) => row.request_id)).toEqual(requestIds)
    for (const row of rows) {
      expect(row.client_hash).toMatch(/^[0-9a-f]{64}$/)
      expect(row.occurred_at).toBe(T0)
      expectNoneOf({ ...row }, [IP, 'Taro', 'KOKU', '9012345678', 'taro.koku', 'a@x', 'Ken'])
    }
  })

  it('records a cooldown when a second match comes within 5 minutes', async () => {
    const client = testClient()
    client.clock.now = T0
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    client.clock.now = T0 + MINUTE
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['issued', 'cooldown'])
  })

  it('writes the same rows for a JSON post as for the same form post', async () => {
    const outcomesOf = async () =>
      (await auditRows()).map(({ procedure, outcome, login_id }) => ({
        procedure,
        outcome,
        login_id,
      }))
    const form = testClient()
    form.clock.now = T0
    await form.postForm('/password/initialize', { ...TARO, name: 'Jiro KOKU' })
    await form.postForm('/password/initialize', { ...TARO, loginId: 'abc' })
    await form.postForm('/password/initialize', TARO)
    const viaForm = await outcomesOf()

    await resetToDemoAccounts()
    const json = testClient()
    json.clock.now = T0
    await postJson(json, PASSWORD_INITIALIZATIONS, { ...TARO_JSON, name: 'Jiro KOKU' })
    await postJson(json, PASSWORD_INITIALIZATIONS, { ...TARO_JSON, loginId: 'abc' })
    await postJson(json, PASSWORD_INITIALIZATIONS, TARO_JSON)
    expect(await outcomesOf()).toEqual(viaForm)
    expect(viaForm.map((row) => row.outcome)).toEqual(['no_match', 'invalid', 'issued'])
  })
})

describe('GET /api/v1/openapi.json', () => {
  type Operation = {
    security?: unknown[]
    requestBody: {
      required: boolean
      content: Record<
        string,
        { schema: { $ref: string }; examples: Record<string, { value: unknown }> }
      >
    }
    responses: Record<
      string,
      { content?: Record<string, { example?: unknown }>; headers?: Record<string, unknown> }
    >
  }
  type JsonSchema = {
    type?: string
    properties?: Record<string, JsonSchema>
    required?: string[]
    additionalProperties?: boolean
    anyOf?: JsonSchema[]
  }
  type OpenApi = {
    openapi: string
    paths: Record<string, { post?: Operation }>
    components: {
      schemas: Record<string, JsonSchema>
      securitySchemes: Record<string, { type: string; scheme?: string }>
    }
  }

  const OPERATIONS = [
    {
      path: PASSWORD_INITIALIZATIONS,
      schemaName: 'PasswordInitializationRequest',
      schema: passwordInitializationJson,
      required: ['loginId', 'name', 'phone', 'email'],
    },
    {
      path: LOGIN_ID_NOTIFICATIONS,
      schemaName: 'LoginIdNotificationRequest',
      schema: loginIdNotificationJson,
      required: ['name', 'phone', 'email'],
    },
  ] as const

  async function fetchDocument(): Promise<OpenApi> {
    const response = await testClient().request(OPENAPI)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/)
    return response.json()
  }

  const operationOf = (document: OpenApi, path: string): Operation => {
    const operation = document.paths[path]?.post
    if (operation === undefined) throw new Error(`No POST ${path} in the document`)
    return operation
  }

  it('is an OpenAPI 3.1 document with both routes, every status and a bearer scheme', async () => {
    const document = await fetchDocument()
    expect(document.openapi).toBe('3.1.0')
    for (const { path, schemaName } of OPERATIONS) {
      const operation = operationOf(document, path)
      expect(Object.keys(operation.responses).sort()).toEqual(
        expect.arrayContaining(['202', '400', '401', '413', '415', '422', '429', '503']),
      )
      for (const status of ['400', '401', '413', '415', '422', '429', '503']) {
        expect(Object.keys(operation.responses[status]?.content ?? {})).toEqual([
          PROBLEM_CONTENT_TYPE,
        ])
      }
      expect(operation.responses['429']?.headers).toHaveProperty('Retry-After')
      expect(operation.requestBody.required).toBe(true)
      expect(operation.requestBody.content['application/json']?.schema.$ref).toBe(
        `#/components/schemas/${schemaName}`,
      )
    }
    const schemes = Object.values(document.components.securitySchemes)
    expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }))
  })

  it.each(OPERATIONS)(
    'describes $schemaName strictly: no other properties, every field required',
    async ({ schemaName, required }) => {
      const document = await fetchDocument()
      const schema = document.components.schemas[schemaName]
      expect(schema?.type).toBe('object')
      expect(schema?.additionalProperties).toBe(false)
      expect([...(schema?.required ?? [])].sort()).toEqual([...required].sort())
      expect(Object.keys(schema?.properties ?? {}).sort()).toEqual([...required, 'locale'].sort())
      const phoneObject = schema?.properties?.phone?.anyOf?.find(
        (branch) => branch.type === 'object',
      )
      expect(phoneObject?.additionalProperties).toBe(false)
      expect([...(phoneObject?.required ?? [])].sort()).toEqual(['country', 'number'])
    },
  )

  it.each(OPERATIONS)(
    'has the JSON Schema of the Zod schema that validates $schemaName',
    async ({ schemaName, schema }) => {
      const document = await fetchDocument()
      const { $schema: _, ...expected } = z.toJSONSchema(schema, { io: 'input' })
      expect(document.components.schemas[schemaName]).toEqual(JSON.parse(JSON.stringify(expected)))
    },
  )

  it('has request examples that the live routes accept, mailing only demo accounts they match', async () => {
    const document = await fetchDocument()
    let posted = 0
    for (const { path } of OPERATIONS) {
      const examples =
        operationOf(document, path).requestBody.content['application/json']?.examples ?? {}
      expect(Object.keys(examples).length).toBeGreaterThan(0)
      for (const [name, { value }] of Object.entries(examples)) {
        await resetToDemoAccounts()
        const client = testClient()
        const response = await postJson(client, path, value)
        expect(response.status, `${path} example ${name}`).toBe(202)
        expect(await response.text()).toBe(ACCEPTED_BODY)
        const example = value as { loginId?: string; email?: string }
        const matching = DEMO_ACCOUNTS.filter(
          (account) =>
            account.status === 'active' &&
            account.contactEmail.toLowerCase() === example.email?.toLowerCase() &&
            (example.loginId === undefined || account.loginId === example.loginId),
        )
        expect(
          client.mailer.sent.map((mail) => mail.to),
          `${path} example ${name}`,
        ).toEqual(matching.length > 0 ? [matching[0]?.contactEmail] : [])
        posted++
      }
    }
    expect(posted).toBeGreaterThanOrEqual(2)
  })

  it('shows the real English problem documents as examples', async () => {
    const document = await fetchDocument()
    const operation = operationOf(document, PASSWORD_INITIALIZATIONS)
    const example = operation.responses['422']?.content?.[PROBLEM_CONTENT_TYPE]?.example
    const live = await expectProblem(
      await postJson(testClient(), PASSWORD_INITIALIZATIONS, { ...TARO_JSON, extra: 1 }),
      422,
    )
    expect(example).toMatchObject({
      type: live.type,
      title: live.title,
      detail: live.detail,
      status: 422,
    })
  })
})
