import * as z from 'zod'
import { webhooksDocument } from '../events/openapi'
import { type FieldError, fieldMessage } from '../http/field-errors'
import { problemType } from '../http/problem'
import { apiMessages, type ProblemSlug } from '../i18n/api'
import { fieldErrorCodes } from '../identity/fields'
import {
  credentialVerificationAnswer,
  credentialVerificationJson,
} from '../procedures/credential-verification/schema'
import { loginIdNotificationJson } from '../procedures/login-id-notification/schema'
import { passwordInitializationJson } from '../procedures/password-initialization/schema'
import { accountDocument, accountRequest } from '../provisioning/schema'

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
  account: {
    individual: {
      summary: 'An individual, phone as dialled in Japan, with the current password hash',
      value: {
        kind: 'individual',
        status: 'active',
        locale: 'ja',
        contact: {
          givenName: 'Ichiro',
          familyName: 'Suzuki',
          phone: { country: 'JP', number: '090-2222-3333' },
          email: 'ichiro.suzuki@example.com',
        },
        passwordHash:
          '$pbkdf2-sha256$i=100000$p00HuhV1JQE89m+Ra1Gk/g$JhuY8lhE3xVOjfdGKtZ7rPMSo7nOZjdvotssE5hM4vA',
      },
    },
    organization: {
      summary:
        'An organization and its person in charge; no password hash (the stored one is kept)',
      value: {
        kind: 'organization',
        locale: 'en',
        organizationName: 'Example Foods Co., Ltd.',
        contact: {
          givenName: 'Hanako',
          familyName: 'Yamada',
          phone: '+81355550101',
          email: 'soumu@example.co.jp',
        },
      },
    },
  },
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

/** An example of the account document, as PUT and GET answer it. */
const ACCOUNT_EXAMPLE = {
  loginId: '100000001',
  kind: 'individual',
  status: 'active',
  locale: 'ja',
  organizationName: null,
  contact: {
    givenName: 'Ichiro',
    familyName: 'Suzuki',
    phone: '+819022223333',
    email: 'ichiro.suzuki@example.com',
  },
  hasPassword: true,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
}

const accountAnswer = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Account' },
      example: ACCOUNT_EXAMPLE,
    },
  },
})

const scopeErrors = {
  '401': problemResponse(
    'No `Authorization` header, or one naming an unknown or revoked API key.',
    problemExample(401, 'api-key-required'),
  ),
  '403': problemResponse(
    "The API key does not have the route's scope.",
    problemExample(403, 'insufficient-scope'),
  ),
}

const notFoundAnswer = problemResponse(
  'There is no account with this login ID.',
  problemExample(404, 'account-not-found'),
)

const loginIdParameter = {
  name: 'loginId',
  in: 'path',
  required: true,
  description: 'Nine digits (full-width digits are accepted and normalized).',
  schema: { type: 'string' },
  example: '100000001',
}

/** SPEC 10: the system of record provisions accounts one at a time. */
const accountOperations = {
  parameters: [loginIdParameter],
  put: {
    operationId: 'putAccount',
    summary: 'Create or replace an account',
    description:
      'Validated like the forms (names, phone to E.164, e-mail). Sending the same data again changes nothing. Without `passwordHash` the stored hash is kept. When the contact changes or the account is closed or locked, its pending initialized passwords are revoked. Scope `accounts:write`.',
    security: [{ apiKey: ['accounts:write'] }],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/AccountRequest' },
          examples: REQUEST_EXAMPLES.account,
        },
      },
    },
    responses: {
      '200': accountAnswer('Replaced (or unchanged): the account as stored.'),
      '201': accountAnswer('Created: the account as stored.'),
      ...scopeErrors,
      ...errorResponses,
    },
  },
  get: {
    operationId: 'getAccount',
    summary: 'Read an account',
    description: 'The account as stored; never the password hash. Scope `accounts:read`.',
    security: [{ apiKey: ['accounts:read'] }],
    responses: {
      '200': accountAnswer('The account as stored.'),
      ...scopeErrors,
      '404': notFoundAnswer,
      '422': errorResponses['422'],
      '429': errorResponses['429'],
      '503': errorResponses['503'],
    },
  },
  delete: {
    operationId: 'closeAccount',
    summary: 'Close an account',
    description:
      'Sets the status to `closed` and revokes its pending initialized passwords. Closing a closed account changes nothing. Scope `accounts:write`.',
    security: [{ apiKey: ['accounts:write'] }],
    responses: {
      '204': { description: 'Closed.' },
      ...scopeErrors,
      '404': notFoundAnswer,
      '422': errorResponses['422'],
      '429': errorResponses['429'],
      '503': errorResponses['503'],
    },
  },
}

/** Request examples of the credential verification (demo accounts), posted by a test. */
export const VERIFICATION_EXAMPLES = {
  current: {
    summary: "Taro's current password",
    value: { loginId: '123456789', password: 'Current-Pa55word!' },
  },
  wrong: {
    summary: 'A wrong password',
    value: { loginId: '123456789', password: 'not-the-password' },
  },
} as const

const verificationAnswer = (summary: string, value: object) => ({ summary, value })

/** SPEC 12: the login system checks a login ID and password. */
const credentialVerification = {
  post: {
    operationId: 'verifyCredentials',
    summary: 'Check a login ID and password (for the login system)',
    description:
      "Scope `credentials:verify`. Answers 200 with the result. `invalid` is the same, byte for byte and in time, for a wrong password, an unknown login ID and a locked or closed account. Wrong passwords count toward the password change's lockout (five within 15 minutes lock current-password tries for 15 minutes, unknown login IDs alike): then `locked`, except that an unexpired initialized password is still `valid`. Verifying never uses an initialized password up; the person must still change it (`mustChangePassword`). A current password stored with weaker parameters than today's is rehashed.",
    security: [{ apiKey: ['credentials:verify'] }],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/CredentialVerificationRequest' },
          examples: VERIFICATION_EXAMPLES,
        },
      },
    },
    responses: {
      '200': {
        description: 'The result.',
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/CredentialVerification' },
            examples: {
              current: verificationAnswer('The current password', {
                result: 'valid',
                passwordKind: 'current',
                mustChangePassword: false,
              }),
              initialized: verificationAnswer(
                'An initialized password: send the person to change it',
                {
                  result: 'valid',
                  passwordKind: 'initialized',
                  mustChangePassword: true,
                },
              ),
              invalid: verificationAnswer(
                'Wrong password, unknown login ID, locked or closed account',
                {
                  result: 'invalid',
                },
              ),
              locked: verificationAnswer('Current-password tries are locked out for now', {
                result: 'locked',
                retryAfterSeconds: 840,
              }),
            },
          },
        },
      },
      ...errorResponses,
      ...scopeErrors,
    },
  },
}

/** The OpenAPI 3.1 document of the JSON API; request schemas come from the validating Zod schemas. */
export function openApiDocument(serverUrl: string, serviceName: string) {
  const events = webhooksDocument()
  return {
    openapi: '3.1.0',
    info: {
      title: `${serviceName} API`,
      version: '1.0.0',
      description:
        'Password initialization and login ID notification for integrations, account provisioning for the system of record (`/api/v1/accounts`), credential verification for the login system (`/api/v1/credential-verifications`), and the events posted to the system of record (`webhooks`). Every valid request to the two procedures is answered 202 with the same body; what happened is never disclosed. Errors are RFC 9457 problem documents whose `title`, `detail` and messages follow `locale` or `Accept-Language`.',
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
      '/api/v1/accounts/{loginId}': accountOperations,
      '/api/v1/credential-verifications': credentialVerification,
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
    webhooks: events.webhooks,
    components: {
      schemas: {
        PasswordInitializationRequest: requestSchema(passwordInitializationJson),
        CredentialVerificationRequest: requestSchema(credentialVerificationJson),
        CredentialVerification: (({ $schema: _, ...schema }) => schema)(
          z.toJSONSchema(credentialVerificationAnswer, { io: 'output' }),
        ),
        ...events.schemas,
        LoginIdNotificationRequest: requestSchema(loginIdNotificationJson),
        AccountRequest: requestSchema(accountRequest),
        Account: (({ $schema: _, ...schema }) => schema)(
          z.toJSONSchema(accountDocument, { io: 'output' }),
        ),
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
            'An API key (`npm run api-key -- create --scopes …`). Optional on the two procedures (scope `recovery`): with a key, requests count against its own quota instead of the per-IP limit. Required on `/api/v1/accounts` (scopes `accounts:read`, `accounts:write`) and `/api/v1/credential-verifications` (scope `credentials:verify`). A wrong or revoked key is 401, a key without the scope 403.',
        },
      },
    },
  }
}
