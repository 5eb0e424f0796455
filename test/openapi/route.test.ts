import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { strictJsonObject } from '../../src/identity/fields'
import { mergeEntries } from '../../src/openapi/entry'
import { queuedProcedureEntry } from '../../src/openapi/queued-procedures'
import { QUEUED_PROCEDURES } from '../../src/procedures'
import { testClient } from '../support/client'
import { ACCEPTED_BODY, OPENAPI } from '../support/json-api'

interface Operation {
  operationId: string
  summary: string
  security: unknown[]
  requestBody: { content: Record<string, { schema: { $ref: string }; examples: object }> }
  responses: Record<string, unknown>
}
interface Document {
  paths: Record<string, { post?: Operation }>
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> }
}

async function fetchDocument(): Promise<Document> {
  const response = await testClient().request(OPENAPI)
  expect(response.status).toBe(200)
  return response.json()
}

/** As the document serves it: JSON, so without `undefined` members. */
const asServed = (value: unknown) => JSON.parse(JSON.stringify(value))

const schemaNamed = (document: Document, ref: string | undefined) =>
  document.components.schemas[ref?.replace('#/components/schemas/', '') ?? '']

/** A procedure that exists only here: its descriptor's fields the OpenAPI entry is made from. */
const ticketRequest = {
  name: 'ticket_request',
  apiPath: '/ticket-requests',
  jsonSchema: () => strictJsonObject({ ticket: z.string(), seats: z.int().min(1) }),
  openapi: () => ({
    operationId: 'requestTicket',
    summary: 'Request a ticket',
    description: 'Only in this test.',
    examples: { one: { summary: 'One seat', value: { ticket: 'A-1', seats: 1 } } },
  }),
}

describe('the OpenAPI entry of a queued procedure', () => {
  it.each(QUEUED_PROCEDURES)(
    'comes from the descriptor of $name: its path, operation and JSON schema',
    async (procedure) => {
      const document = await fetchDocument()
      const path = `/api/v1${procedure.apiPath}`
      const served = document.paths[path]
      expect(served?.post?.responses).toHaveProperty('202')
      expect(served).toEqual(asServed(queuedProcedureEntry(procedure).paths[path]))
      const schema = schemaNamed(
        document,
        served?.post?.requestBody.content['application/json']?.schema.$ref,
      )
      const { $schema: _, ...expected } = z.toJSONSchema(procedure.jsonSchema(), { io: 'input' })
      expect(schema).toEqual(asServed(expected))
      expect(Object.keys(schema?.properties ?? {}).length).toBeGreaterThan(2)
    },
  )

  it('is built for any descriptor: path, operation, body schema named after it, 202 and the shared problems', () => {
    const entry = asServed(queuedProcedureEntry(ticketRequest)) as Document
    expect(Object.keys(entry.paths)).toEqual(['/api/v1/ticket-requests'])
    const post = entry.paths['/api/v1/ticket-requests']?.post
    expect(post).toMatchObject({
      operationId: 'requestTicket',
      summary: 'Request a ticket',
      security: [{}, { apiKey: [] }],
    })
    const body = post?.requestBody.content['application/json']
    expect(body?.schema.$ref).toBe('#/components/schemas/TicketRequestRequest')
    expect(body?.examples).toEqual({
      one: { summary: 'One seat', value: { ticket: 'A-1', seats: 1 } },
    })
    expect(Object.keys(post?.responses ?? {}).sort()).toEqual(
      ['202', '400', '401', '413', '415', '422', '429', '500', '503'].sort(),
    )
    const schemas = (entry as unknown as { schemas: Document['components']['schemas'] }).schemas
    expect(Object.keys(schemas.TicketRequestRequest?.properties ?? {})).toEqual(['ticket', 'seats'])
    expect(schemas).toHaveProperty('Accepted')
  })

  it('may share a schema with another entry, but not describe a path or schema differently', () => {
    const ticket = queuedProcedureEntry(ticketRequest)
    const seat = queuedProcedureEntry({ ...ticketRequest, apiPath: '/seat-requests' })
    const merged = mergeEntries([ticket, seat])
    expect(Object.keys(merged.paths)).toEqual(['/api/v1/ticket-requests', '/api/v1/seat-requests'])
    expect(Object.keys(merged.schemas)).toEqual(['TicketRequestRequest', 'Accepted'])
    const clash = queuedProcedureEntry({
      ...ticketRequest,
      openapi: () => ({ ...ticketRequest.openapi(), summary: 'Something else' }),
    })
    expect(() => mergeEntries([ticket, clash])).toThrow('/api/v1/ticket-requests')
  })

  it('describes the 202 answer the JSON route really sends', async () => {
    const post = (await fetchDocument()).paths['/api/v1/password-initializations']?.post
    const accepted = post?.responses['202'] as {
      content: Record<string, { example: unknown }>
    }
    expect(JSON.stringify(accepted.content['application/json']?.example)).toBe(ACCEPTED_BODY)
  })
})
