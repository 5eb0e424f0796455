import { beforeEach, describe, expect, it } from 'vitest'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { failingD1, failingQueue } from '../support/failing-bindings'
import { from, MINUTE, TARO } from '../support/fixtures'
import {
  ACCEPTED_BODY,
  expectAccepted,
  expectNoHtmlOrStackTrace,
  expectNothingSent,
  expectProblem,
  fieldErrors,
  IP,
  type JsonBody,
  KEN_JSON,
  KIB,
  LIMIT,
  LOGIN_ID_NOTIFICATIONS,
  observable,
  PASSWORD_INITIALIZATIONS,
  PROBLEM_CONTENT_TYPE,
  PROCEDURES,
  paddedJson,
  postJson,
  TARO_CONTACT_JSON,
  TARO_JSON,
  TARO_PHONE_OBJECT,
  WINDOW_T0,
  withoutKey,
} from '../support/json-api'
import { INITIALIZED_PASSWORD_PATTERN, initializedPasswordIn } from '../support/recording-mailer'
import { countingStream } from '../support/request-bodies'
import {
  initializedPasswordRows,
  loginIdNotificationRows,
  verifiesAsInitialized,
} from '../support/rows'

beforeEach(resetToDemoAccountsWithoutKeys)

describe('a valid request (202)', () => {
  it.each([
    { form: 'an E.164 string', phone: TARO_JSON.phone },
    { form: '{country, number}', phone: TARO_PHONE_OBJECT },
  ])(
    'issues an initialized password when all four fields match, phone as $form',
    async ({ phone }) => {
      const client = testClient()
      client.clock.now = WINDOW_T0
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
      expect(password).toMatch(INITIALIZED_PASSWORD_PATTERN)

      // The same service as the form: one hashed, sent row valid for 60 minutes.
      const rows = await initializedPasswordRows()
      expect(rows).toHaveLength(1)
      const [row] = rows
      expect(row).toMatchObject({
        loginId: '123456789',
        issuedAt: WINDOW_T0,
        expiresAt: WINDOW_T0 + 60 * MINUTE,
        usedAt: null,
        revokedAt: null,
        deliveryState: 'sent',
      })
      expect(row?.passwordHash).not.toContain(password)
      expect(await verifiesAsInitialized(password, row?.passwordHash)).toBe(true)
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
      expect(await loginIdNotificationRows()).toHaveLength(1)
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
    client.clock.now = WINDOW_T0
    const mismatches: Array<[string, JsonBody]> = [
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
    client.clock.now = WINDOW_T0 + 4 * MINUTE
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
    client.clock.now = WINDOW_T0
    const mismatches: Array<[string, JsonBody]> = [
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
    client.clock.now = WINDOW_T0 + 4 * MINUTE
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
    client.clock.now = WINDOW_T0
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON))
    client.clock.now = WINDOW_T0 + MINUTE
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
    client.clock.now = WINDOW_T0
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
    client.clock.now = WINDOW_T0
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
    client.clock.now = WINDOW_T0
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON))
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    const retryAfter = response.headers.get('Retry-After')
    const problem = await expectProblem(response, 429)
    expect(problem.type).toBe('/api/v1/problems/too-many-requests')
    // The hour window started at 09:00; it ends 57 minutes after WINDOW_T0.
    expect(retryAfter).toBe(String(57 * 60))
    expect(client.mailer.sent).toHaveLength(1)
  })

  it.each(PROCEDURES)(
    'answers the $procedure route past the per-IP limit with 429',
    async ({ path, taro }) => {
      const client = testClient({ env: { RATE_LIMIT_PER_IP: '1/600' } })
      client.clock.now = WINDOW_T0
      await expectAccepted(await postJson(client, path, taro, from(IP)))
      const response = await postJson(client, path, taro, from(IP))
      expect(response.headers.get('Retry-After')).toBe(String(7 * 60))
      await expectProblem(response, 429)
      expect(client.mailer.sent).toHaveLength(1)
    },
  )

  it.each(PROCEDURES)(
    'answers the $procedure route with 503 and sends nothing when the queue refuses',
    async ({ path, taro }) => {
      const client = testClient({ deps: { workQueue: failingQueue } })
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
