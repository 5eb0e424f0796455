import { beforeEach, describe, expect, it } from 'vitest'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { from } from '../support/fixtures'
import {
  expectAccepted,
  expectNothingSent,
  expectProblem,
  fieldErrors,
  IP,
  KIB,
  LOGIN_ID_NOTIFICATIONS,
  PASSWORD_INITIALIZATIONS,
  postJson,
  rateLimitCounters,
  TARO_CONTACT_JSON,
  TARO_JSON,
  TARO_PHONE_OBJECT,
  WINDOW_T0,
  withoutKey,
} from '../support/json-api'
import { countingStream } from '../support/request-bodies'

beforeEach(resetToDemoAccountsWithoutKeys)

describe('which error answers when several apply: 401, 413, 415, 400, 422, 429 in that order', () => {
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
    client.clock.now = WINDOW_T0
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, from(IP)))
    const invalid = { ...TARO_JSON, email: ['a@x', 'b@y'] }
    const problem = await expectProblem(
      await postJson(client, PASSWORD_INITIALIZATIONS, invalid, from(IP)),
      422,
    )
    expect(fieldErrors(problem)).toEqual([{ field: 'email', code: 'invalid_type' }])
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, from(IP)), 429)
  })

  it('charges the client for no refused body (400, 415, 422): the next valid one is accepted', async () => {
    const client = testClient({ env: { RATE_LIMIT_PER_IP: '1/600' } })
    client.clock.now = WINDOW_T0
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, '{x', from(IP)), 400)
    const notJson = { ...from(IP), 'Content-Type': 'text/plain' }
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, notJson), 415)
    expect(await rateLimitCounters()).toEqual([])

    const invalid = JSON.stringify({ extra: 1 })
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, invalid, from(IP)), 422)
    expect(await rateLimitCounters()).toEqual([])
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, from(IP)))
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, from(IP)), 429)
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
