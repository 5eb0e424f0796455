import { beforeEach, describe, expect, it } from 'vitest'
import { type Locale, messages } from '../../src/i18n'
import { apiMessages, type ProblemSlug } from '../../src/i18n/api'
import { bearer, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { failingQueue } from '../support/failing-bindings'
import {
  expectAccepted,
  expectProblem,
  KIB,
  LOGIN_ID_NOTIFICATIONS,
  PASSWORD_INITIALIZATIONS,
  paddedJson,
  postJson,
  TARO_CONTACT_JSON,
  TARO_JSON,
  WINDOW_T0,
} from '../support/json-api'

beforeEach(resetToDemoAccountsWithoutKeys)

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
    client.clock.now = WINDOW_T0
    const body = { ...TARO_JSON, loginId: '111222333', locale: 'ja' }
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, body))
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, body, {
      'Accept-Language': 'en',
    })
    const problem = await expectProblem(response, 429)
    expect(problem.title).toBe(problems('ja')['too-many-requests'].title)
  })

  // BUG (src/openapi/route.ts:58): accept() answers 503 in apiLocale(c) without the body's locale,
  // although the body was parsed and valid; 422 and 429 do pass bodyLocale(). Japanese is expected.
  it('answers 503 in the language of the body', async () => {
    const client = testClient({ deps: { workQueue: failingQueue } })
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
