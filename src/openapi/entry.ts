import * as z from 'zod/mini'
import { type FieldError, fieldMessage } from '../api/field-messages'
import { problemType } from '../api/problem'
import { apiMessages, type ProblemSlug } from '../i18n/api'
import { fieldErrorCodes } from '../identity/fields'
import { MAX_BODY_SIZE } from '../max-body-size'
import type { OperationDescription } from '../procedures/queued-procedure-types'

/**
 * What one route adds to the OpenAPI document: its path items and the component schemas they
 * reference. Entries are functions, called when the document is first asked for, never at startup.
 */
export interface OpenApiEntry {
  paths: Record<string, object>
  schemas: Record<string, object>
}

/**
 * The entries as one: their paths and schemas side by side. Two entries may name the same path or
 * schema only with equal values (both procedures' `Accepted`): else one would hide the other.
 */
export function mergeEntries(entries: readonly OpenApiEntry[]): OpenApiEntry {
  const merged: OpenApiEntry = { paths: {}, schemas: {} }
  for (const entry of entries) {
    for (const part of ['paths', 'schemas'] as const) {
      for (const [key, value] of Object.entries(entry[part])) {
        const held = merged[part][key]
        if (held !== undefined && JSON.stringify(held) !== JSON.stringify(value)) {
          throw new Error(`Two OpenAPI entries describe ${key} differently`)
        }
        merged[part][key] = value
      }
    }
  }
  return merged
}

/** The value of `build()` from its first call on. */
const once = <T>(build: () => T) => {
  let value: T | undefined
  return () => {
    value ??= build()
    return value
  }
}

/** JSON Schema of a request body, from the very Zod schema that validates it. */
export const requestSchema = (schema: z.ZodMiniType) => {
  const { $schema: _, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input' })
  return jsonSchema
}

/** JSON Schema of an answer, from the Zod schema that describes it. */
export const answerSchema = (schema: z.ZodMiniType) => {
  const { $schema: _, ...jsonSchema } = z.toJSONSchema(schema, { io: 'output' })
  return jsonSchema
}

export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` })

/** An example problem document, with the English texts the API really sends. */
const problemExample = (status: number, slug: ProblemSlug, errors: readonly FieldError[] = []) => ({
  type: problemType(slug),
  ...apiMessages('en').problems[slug],
  status,
  errors: errors.map((error) => ({ ...error, message: fieldMessage('en', error) })),
  requestId: '3f1c2a9e-5b7d-4e21-9a0c-6d8e1f2b3c4d',
})

/** A problem-document answer, with the real English problem of `slug` as its example. */
export const problemResponse = (
  description: string,
  status: number,
  slug: ProblemSlug,
  options: { errors?: readonly FieldError[]; headers?: object } = {},
) => ({
  description,
  ...(options.headers ? { headers: options.headers } : {}),
  content: {
    'application/problem+json': {
      schema: schemaRef('Problem'),
      example: problemExample(status, slug, options.errors),
    },
  },
})

/** The problems every JSON route with a body can answer (docs/contract.md#matching-the-four-fields). */
export const errorResponses = once(() => ({
  '400': problemResponse(
    'The body is not valid JSON, is not UTF-8 (`invalid-encoding`), or repeats a key in one object (`duplicate-key`, the key in `errors`).',
    400,
    'malformed-json',
  ),
  '401': problemResponse(
    'The `Authorization` header names an unknown or revoked API key.',
    401,
    'unauthorized',
  ),
  '413': problemResponse(`The body is larger than ${MAX_BODY_SIZE}.`, 413, 'payload-too-large'),
  '415': problemResponse(
    'The body is not declared as `application/json` (optionally `; charset=utf-8`).',
    415,
    'unsupported-media-type',
  ),
  '422': problemResponse(
    'One or more fields are missing or invalid, or the body has a field it should not; one entry per field in `errors`.',
    422,
    'invalid-fields',
    {
      errors: [
        { field: 'loginId', code: 'format' },
        { field: 'extra', code: 'unknown_key' },
      ],
    },
  ),
  '429': problemResponse(
    "A rate limit was reached: the per-IP limit (or the API key's quota), the per-login-ID limit, or the client's throttle of invalid posts (more than 30 answered 422 within a minute).",
    429,
    'too-many-requests',
    {
      headers: {
        'Retry-After': {
          description: "Seconds until the limit's window ends.",
          schema: { type: 'integer', minimum: 1 },
        },
      },
    },
  ),
  '500': problemResponse(
    'An unexpected error (for example a misconfiguration); nothing is disclosed.',
    500,
    'internal-error',
  ),
  '503': problemResponse(
    'A dependency (the database) is unavailable; nothing was done.',
    503,
    'service-unavailable',
  ),
}))

/** The problems of a route that requires an API key with a scope (docs/contract.md#abuse-limits). */
export const scopeErrors = once(() => ({
  '401': problemResponse(
    'No `Authorization` header, or one naming an unknown or revoked API key.',
    401,
    'api-key-required',
  ),
  '403': problemResponse("The API key does not have the route's scope.", 403, 'insufficient-scope'),
}))

/** The component schemas of a problem document (RFC 9457) and its field errors. */
export const problemSchemas = () => ({
  FieldError: {
    type: 'object',
    properties: {
      field: {
        type: 'string',
        description:
          'Dotted path of the field, e.g. `phone.number`; for an unknown field, its name.',
      },
      code: { type: 'string', enum: [...fieldErrorCodes] },
      message: { type: 'string', description: 'Localized, for people.' },
    },
    required: ['field', 'code', 'message'],
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details.',
    properties: {
      type: { type: 'string', format: 'uri-reference' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      errors: { type: 'array', items: schemaRef('FieldError') },
      requestId: { type: 'string', description: 'Also in the `X-Request-Id` header.' },
    },
    required: ['type', 'title', 'status', 'detail', 'errors'],
  },
})

/**
 * An operation with a JSON body: its description, the body's schema by reference (with the
 * examples), who may call it and its answers.
 */
export const jsonBodyOperation = (
  { operationId, summary, description, examples }: OperationDescription,
  route: { security: object[]; requestSchemaName: string; responses: object },
) => ({
  operationId,
  summary,
  description,
  security: route.security,
  requestBody: {
    required: true,
    content: { 'application/json': { schema: schemaRef(route.requestSchemaName), examples } },
  },
  responses: route.responses,
})

/** The `{loginId}` of the accounts routes, as every one of them documents it. */
export const LOGIN_ID_PATH_PARAMETER = {
  name: 'loginId',
  in: 'path',
  required: true,
  description: 'Nine digits (full-width digits are accepted and normalized).',
  schema: { type: 'string' },
  example: '100000001',
} as const
