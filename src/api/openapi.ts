import * as z from 'zod'
import { apiMessages, type ProblemSlug } from '../i18n/api'
import { type FieldError, fieldErrorCodes } from '../identity/fields'
import { loginIdNotificationJson } from '../procedures/login-id-notification/schema'
import { passwordInitializationJson } from '../procedures/password-initialization/schema'
import { fieldMessage, problemType } from './problem'

/** JSON Schema of a request body, from the very Zod schema that validates it. */
const requestSchema = (schema: z.ZodType) => {
  const { $schema: _, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input' })
  return jsonSchema
}

/** An example problem document, with the English texts the API really sends. */
const problemExample = (status: number, slug: ProblemSlug, errors: readonly FieldError[] = []) => ({
  type: problemType(slug),
  ...apiMessages('en').problems[slug],
  status,
  errors: errors.map((error) => ({ ...error, message: fieldMessage('en', error) })),
  requestId: '3f1c2a9e-5b7d-4e21-9a0c-6d8e1f2b3c4d',
})

const problemResponse = (
  description: string,
  example: ReturnType<typeof problemExample>,
  headers?: object,
) => ({
  description,
  ...(headers ? { headers } : {}),
  content: {
    'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example },
  },
})

const errorResponses = {
  '400': problemResponse(
    'The body is not valid JSON, is not UTF-8 (`invalid-encoding`), or repeats a key in one object (`duplicate-key`, the key in `errors`).',
    problemExample(400, 'malformed-json'),
  ),
  '401': problemResponse(
    'The `Authorization` header names an unknown or revoked API key.',
    problemExample(401, 'unauthorized'),
  ),
  '413': problemResponse(
    'The body is larger than 16 KiB.',
    problemExample(413, 'payload-too-large'),
  ),
  '415': problemResponse(
    'The body is not declared as `application/json` (optionally `; charset=utf-8`).',
    problemExample(415, 'unsupported-media-type'),
  ),
  '422': problemResponse(
    'One or more fields are missing or invalid, or the body has a field it should not; one entry per field in `errors`.',
    problemExample(422, 'invalid-fields', [
      { field: 'loginId', code: 'format' },
      { field: 'extra', code: 'unknown_key' },
    ]),
  ),
  '429': problemResponse(
    "A rate limit was reached: the per-IP limit (or the API key's quota) or the per-login-ID limit.",
    problemExample(429, 'too-many-requests'),
    {
      'Retry-After': {
        description: "Seconds until the limit's window ends.",
        schema: { type: 'integer', minimum: 1 },
      },
    },
  ),
  '500': problemResponse(
    'An unexpected error (for example a misconfiguration); nothing is disclosed.',
    problemExample(500, 'internal-error'),
  ),
  '503': problemResponse(
    'A dependency (the database) is unavailable; nothing was done.',
    problemExample(503, 'service-unavailable'),
  ),
}

const accepted = {
  description:
    'Accepted. The body is the same for every valid request, whatever the outcome: a match, any mismatch, an unknown or locked account, or a per-account cooldown.',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Accepted' },
      example: { status: 'accepted' },
    },
  },
}

/** Request examples, posted to the live routes by a test. */
export const REQUEST_EXAMPLES = {
  passwordInitialization: {
    e164: {
      summary: 'Phone as an E.164 string',
      value: {
        loginId: '123456789',
        name: 'Taro KOKU',
        phone: '+819012345678',
        email: 'taro.koku@example.com',
      },
    },
    countryAndNumber: {
      summary: 'Phone as country and national number, answer in Japanese',
      value: {
        loginId: '123456789',
        name: 'KOKU Taro',
        phone: { country: 'JP', number: '090-1234-5678' },
        email: 'taro.koku@example.com',
        locale: 'ja',
      },
    },
  },
  loginIdNotification: {
    e164: {
      summary: 'Phone as an E.164 string',
      value: { name: 'Hanako SORA', phone: '+81312345678', email: 'it-admin@example.co.jp' },
    },
    countryAndNumber: {
      summary: 'Phone as country and national number',
      value: {
        name: 'Jane Doe',
        phone: { country: 'US', number: '(415) 555-0123' },
        email: 'jane.doe@example.org',
        locale: 'en',
      },
    },
  },
} as const

const operation = (
  operationId: string,
  summary: string,
  description: string,
  schemaRef: string,
  examples: object,
) => ({
  post: {
    operationId,
    summary,
    description,
    security: [{}, { apiKey: [] }],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { $ref: schemaRef }, examples } },
    },
    responses: { '202': accepted, ...errorResponses },
  },
})

/** The OpenAPI 3.1 document of the JSON API; request schemas come from the validating Zod schemas. */
export function openApiDocument(serverUrl: string, serviceName: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${serviceName} API`,
      version: '1.0.0',
      description:
        'Password initialization and login ID notification for integrations. Every valid request is answered 202 with the same body; what happened is never disclosed. Errors are RFC 9457 problem documents whose `title`, `detail` and messages follow `locale` or `Accept-Language`.',
    },
    servers: [{ url: serverUrl }],
    paths: {
      '/api/v1/password-initializations': operation(
        'initializePassword',
        'Request an initialized password',
        'When login ID, name, phone and e-mail all match the registered contact of an active account, an initialized password is e-mailed to the address stored on the account.',
        '#/components/schemas/PasswordInitializationRequest',
        REQUEST_EXAMPLES.passwordInitialization,
      ),
      '/api/v1/login-id-notifications': operation(
        'notifyLoginIds',
        'Request the login IDs by e-mail',
        'When name, phone and e-mail match the registered contact of active accounts, one e-mail listing their login IDs goes to the stored address.',
        '#/components/schemas/LoginIdNotificationRequest',
        REQUEST_EXAMPLES.loginIdNotification,
      ),
      '/api/v1/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'This document',
          security: [],
          responses: {
            '200': {
              description: 'The OpenAPI 3.1 document.',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        PasswordInitializationRequest: requestSchema(passwordInitializationJson),
        LoginIdNotificationRequest: requestSchema(loginIdNotificationJson),
        Accepted: {
          type: 'object',
          properties: { status: { const: 'accepted' } },
          required: ['status'],
          additionalProperties: false,
        },
        FieldError: {
          type: 'object',
          properties: {
            field: {
              type: 'string',
              description:
                'Dotted path of the field, e.g. `phone.number`; for an unknown field, its name.',
            },
            code: {
              type: 'string',
              enum: [...fieldErrorCodes],
            },
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
            errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
            requestId: { type: 'string', description: 'Also in the `X-Request-Id` header.' },
          },
          required: ['type', 'title', 'status', 'detail', 'errors'],
        },
      },
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key (`npm run api-key -- create`). Optional: with a key, requests count against its own quota instead of the per-IP limit; a wrong or revoked key is 401.',
        },
      },
    },
  }
}
