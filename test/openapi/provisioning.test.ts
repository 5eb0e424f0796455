import { beforeEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { accountRequest } from '../../src/procedures/provisioning/schema'
import { client, put, resetWithKeys } from '../support/provisioning'

beforeEach(resetWithKeys)

describe('the OpenAPI document', () => {
  type Document = {
    paths: Record<
      string,
      Record<
        string,
        {
          security?: unknown
          responses: object
          requestBody?: {
            content: Record<string, { examples?: Record<string, { value: { kind: string } }> }>
          }
        }
      >
    >
    components: { schemas: Record<string, unknown> }
  }
  const fetchDocument = async (): Promise<Document> =>
    (await client.request('/api/v1/openapi.json')).json()

  it('lists PUT, GET and DELETE with their scopes and answers', async () => {
    const { paths } = await fetchDocument()
    const route = paths['/api/v1/accounts/{loginId}']
    expect(route?.put?.security).toEqual([{ apiKey: ['accounts:write'] }])
    expect(route?.get?.security).toEqual([{ apiKey: ['accounts:read'] }])
    expect(Object.keys(route?.put?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '201', '401', '403', '413', '415', '422', '429']),
    )
    expect(Object.keys(route?.delete?.responses ?? {})).toEqual(
      expect.arrayContaining(['204', '401', '403', '404']),
    )
  })

  it('has the JSON Schema of the Zod schema that validates the body', async () => {
    const { components } = await fetchDocument()
    const { $schema: _, ...expected } = z.toJSONSchema(accountRequest(), { io: 'input' })
    expect(components.schemas.AccountRequest).toEqual(JSON.parse(JSON.stringify(expected)))
  })

  it('has request examples the live route accepts', async () => {
    const { paths } = await fetchDocument()
    const examples =
      paths['/api/v1/accounts/{loginId}']?.put?.requestBody?.content['application/json']?.examples
    expect(Object.keys(examples ?? {})).toEqual(['individual', 'organization'])
    for (const [name, { value }] of Object.entries(examples ?? {})) {
      const response = await put('100000001', value)
      expect(response.status, name).toBeLessThan(300)
      expect(await response.json()).toMatchObject({ loginId: '100000001', kind: value.kind })
    }
  })
})
