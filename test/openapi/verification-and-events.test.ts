import { beforeEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { EVENT_TYPES, eventData } from '../../src/events/catalog'
import { credentialVerificationJson } from '../../src/procedures/credential-verification/schema'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { OPENAPI, postJson } from '../support/json-api'

beforeEach(resetToDemoAccountsWithoutKeys)

interface Example {
  value: unknown
}
interface Document {
  paths: Record<string, Record<string, Record<string, unknown>>>
  webhooks: Record<string, { post: Record<string, unknown> }>
  components: { schemas: Record<string, unknown> }
}

async function fetchDocument(): Promise<Document> {
  const response = await testClient().request(OPENAPI)
  expect(response.status).toBe(200)
  return response.json()
}

/** The `application/json` content of a request body or response in the document. */
const jsonContent = (part: unknown) =>
  (part as { content: Record<string, { examples?: Record<string, Example>; example?: unknown }> })
    .content['application/json']

describe('the OpenAPI document: credential verification and events', () => {
  it('describes POST /api/v1/credential-verifications with its scope, answers and the Zod schema', async () => {
    const document = await fetchDocument()
    const operation = document.paths['/api/v1/credential-verifications']?.post
    expect(operation?.security).toEqual([{ apiKey: ['credentials:verify'] }])
    const responses = operation?.responses as Record<string, { content?: object }>
    expect(Object.keys(responses).sort()).toEqual(
      ['200', '400', '401', '403', '413', '415', '422', '429', '500', '503'].sort(),
    )
    const { $schema: _, ...expected } = z.toJSONSchema(credentialVerificationJson(), {
      io: 'input',
    })
    expect(document.components.schemas.CredentialVerificationRequest).toEqual(
      JSON.parse(JSON.stringify(expected)),
    )
    const answers = Object.values(jsonContent(responses['200'])?.examples ?? {})
    expect(answers.map((answer) => answer.value)).toEqual([
      { result: 'valid', passwordKind: 'current', mustChangePassword: false },
      { result: 'valid', passwordKind: 'initialized', mustChangePassword: true },
      { result: 'invalid' },
      { result: 'locked', retryAfterSeconds: 840 },
      { result: 'suspended' },
    ])
  })

  it('has request examples the live route answers as their summaries say', async () => {
    const document = await fetchDocument()
    const operation = document.paths['/api/v1/credential-verifications']?.post
    const examples = jsonContent(operation?.requestBody)?.examples ?? {}
    const { key } = await insertApiKey({ scopes: 'credentials:verify' })
    const client = testClient()
    const results: Record<string, unknown> = {}
    for (const [name, { value }] of Object.entries(examples)) {
      const response = await postJson(
        client,
        '/api/v1/credential-verifications',
        value,
        bearer(key),
      )
      expect(response.status).toBe(200)
      results[name] = ((await response.json()) as { result: string }).result
    }
    expect(results).toEqual({ current: 'valid', wrong: 'invalid' })
  })

  it('lists every event under `webhooks`, signed headers required, examples that fit the catalogue', async () => {
    const document = await fetchDocument()
    expect(Object.keys(document.webhooks).sort()).toEqual([...EVENT_TYPES].sort())
    for (const type of EVENT_TYPES) {
      const post = document.webhooks[type]?.post
      const parameters = (post?.parameters ?? []) as Array<{
        name: string
        in: string
        required: boolean
      }>
      const headers = parameters
        .filter((parameter) => parameter.in === 'header' && parameter.required)
        .map((parameter) => parameter.name)
      expect(headers).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature'])
      const example = jsonContent(post?.requestBody)?.example as { type: string; data: unknown }
      expect(example.type).toBe(type)
      expect(eventData()[type].safeParse(example.data).success).toBe(true)
    }
  })
})
