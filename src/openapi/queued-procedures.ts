import type { AnyQueuedProcedure } from '../procedures/queued-procedure'
import {
  errorResponses,
  jsonBodyOperation,
  type OpenApiEntry,
  requestSchema,
  schemaRef,
} from './entry'

/** The component name of a procedure's JSON body, e.g. `PasswordInitializationRequest`. */
const requestSchemaName = (name: string) =>
  `${name
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}Request`

/**
 * The OpenAPI entry of a queued procedure's JSON route, `POST /api/v1${apiPath}`: the
 * procedure's own description, the body's schema from the Zod schema that validates it, the one
 * 202 answer and the problems every JSON route shares. Built by `npm run build:openapi` and the
 * tests, never by the Worker.
 */
export function queuedProcedureEntry(
  procedure: Pick<AnyQueuedProcedure, 'apiPath' | 'openapi' | 'jsonSchema'> & { name: string },
): OpenApiEntry {
  const schemaName = requestSchemaName(procedure.name)
  const accepted = {
    description:
      'Accepted. The body is the same for every valid request, whatever the outcome: a match, any mismatch, an unknown or locked account, or a per-account cooldown.',
    content: {
      'application/json': { schema: schemaRef('Accepted'), example: { status: 'accepted' } },
    },
  }
  return {
    paths: {
      [`/api/v1${procedure.apiPath}`]: {
        post: jsonBodyOperation(procedure.openapi(), {
          // The key is optional: with one, its own quota replaces the per-IP limit.
          security: [{}, { apiKey: [] }],
          requestSchemaName: schemaName,
          responses: { '202': accepted, ...errorResponses() },
        }),
      },
    },
    schemas: {
      [schemaName]: requestSchema(procedure.jsonSchema()),
      Accepted: {
        type: 'object',
        properties: { status: { const: 'accepted' } },
        required: ['status'],
        additionalProperties: false,
      },
    },
  }
}
