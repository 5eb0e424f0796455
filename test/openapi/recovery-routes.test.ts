import { beforeEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { DEMO_ACCOUNTS } from '../../src/db/demo-accounts'
import { loginIdNotificationJson } from '../../src/procedures/login-id-notification/schema'
import { passwordInitializationJson } from '../../src/procedures/password-initialization/schema'
import { resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import {
  ACCEPTED_BODY,
  expectProblem,
  LOGIN_ID_NOTIFICATIONS,
  OPENAPI,
  PASSWORD_INITIALIZATIONS,
  PROBLEM_CONTENT_TYPE,
  postJson,
  TARO_JSON,
} from '../support/json-api'

beforeEach(resetToDemoAccountsWithoutKeys)

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
