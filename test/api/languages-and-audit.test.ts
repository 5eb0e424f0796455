import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { DEMO_ACCOUNTS } from '../../src/db/demo-accounts'
import { type Locale, messages } from '../../src/i18n'
import { apiMessages, type ProblemSlug } from '../../src/i18n/api'
import { mailMessages } from '../../src/i18n/mail'
import { loginIdNotificationJson } from '../../src/procedures/login-id-notification/schema'
import { passwordInitializationJson } from '../../src/procedures/password-initialization/schema'
import { bearer, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { failingQueue } from '../support/failing-bindings'
import { from, MINUTE, TARO } from '../support/fixtures'
import {
  ACCEPTED_BODY,
  expectAccepted,
  expectProblem,
  IP,
  JANE_JSON,
  KEN_JSON,
  KIB,
  LOGIN_ID_NOTIFICATIONS,
  OPENAPI,
  PASSWORD_INITIALIZATIONS,
  PROBLEM_CONTENT_TYPE,
  paddedJson,
  postJson,
  TARO_CONTACT_JSON,
  TARO_JSON,
  WINDOW_T0,
  withoutKey,
} from '../support/json-api'
import { auditRows, expectNoneOf, refusedRows } from '../support/rows'

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

  // BUG (src/api/openapi-route.ts:58): accept() answers 503 in apiLocale(c) without the body's locale,
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
    client.clock.now = WINDOW_T0
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
      rows.map(({ procedure, outcome, loginId }) => ({ procedure, outcome, loginId })),
    ).toEqual([
      { procedure: 'password_initialization', outcome: 'issued', loginId: '123456789' },
      { procedure: 'password_initialization', outcome: 'no_match', loginId: '123456789' },
      { procedure: 'password_initialization', outcome: 'inactive', loginId: '444000222' },
      { procedure: 'login_id_notification', outcome: 'sent', loginId: null },
    ])
    // The 429 and the 422 are counted, not written one row each.
    const [, , refusedLimit, refusedInvalid] = requestIds
    expect(rows.map((row) => row.requestId)).toEqual(
      requestIds.filter((id) => id !== refusedLimit && id !== refusedInvalid),
    )
    expect(
      (await refusedRows()).map((row) => [row.outcome, row.count, row.firstRequestId]),
    ).toEqual([
      ['rate_limited', 1, refusedLimit],
      ['invalid', 1, refusedInvalid],
    ])
    for (const row of rows) {
      expect(row.clientHash).toMatch(/^[0-9a-f]{64}$/)
      expect(row.occurredAt).toBe(WINDOW_T0)
      expectNoneOf({ ...row }, [IP, 'Taro', 'KOKU', '9012345678', 'taro.koku', 'a@x', 'Ken'])
    }
  })

  it('records a cooldown when a second match comes within 5 minutes', async () => {
    const client = testClient()
    client.clock.now = WINDOW_T0
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    client.clock.now = WINDOW_T0 + MINUTE
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['issued', 'cooldown'])
  })

  it('writes the same rows for a JSON post as for the same form post', async () => {
    const outcomesOf = async () =>
      (await auditRows()).map(({ procedure, outcome, loginId }) => ({
        procedure,
        outcome,
        loginId,
      }))
    const form = testClient()
    form.clock.now = WINDOW_T0
    await form.postForm('/password/initialize', { ...TARO, name: 'Jiro KOKU' })
    await form.postForm('/password/initialize', { ...TARO, loginId: 'abc' })
    await form.postForm('/password/initialize', TARO)
    const viaForm = await outcomesOf()

    await resetToDemoAccounts()
    const json = testClient()
    json.clock.now = WINDOW_T0
    await postJson(json, PASSWORD_INITIALIZATIONS, { ...TARO_JSON, name: 'Jiro KOKU' })
    await postJson(json, PASSWORD_INITIALIZATIONS, { ...TARO_JSON, loginId: 'abc' })
    await postJson(json, PASSWORD_INITIALIZATIONS, TARO_JSON)
    expect(await outcomesOf()).toEqual(viaForm)
    expect(viaForm.map((row) => row.outcome)).toEqual(['no_match', 'issued'])
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
      schema: passwordInitializationJson(),
      required: ['loginId', 'name', 'phone', 'email'],
    },
    {
      path: LOGIN_ID_NOTIFICATIONS,
      schemaName: 'LoginIdNotificationRequest',
      schema: loginIdNotificationJson(),
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
