import { beforeEach, describe, expect, it } from 'vitest'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { failingD1, failingQueue } from '../support/failing-bindings'
import { from, MINUTE } from '../support/fixtures'
import {
  expectAccepted,
  expectNoHtmlOrStackTrace,
  expectNothingSent,
  expectProblem,
  IP,
  LOGIN_ID_NOTIFICATIONS,
  PASSWORD_INITIALIZATIONS,
  PROBLEM_CONTENT_TYPE,
  PROCEDURES,
  postJson,
  TARO_JSON,
  WINDOW_T0,
} from '../support/json-api'

beforeEach(resetToDemoAccountsWithoutKeys)

describe('problem documents', () => {
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
