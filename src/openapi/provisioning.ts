import { accountDocument, accountRequest } from '../procedures/provisioning/schema'
import {
  answerSchema,
  errorResponses,
  jsonBodyOperation,
  LOGIN_ID_PATH_PARAMETER,
  type OpenApiEntry,
  problemResponse,
  requestSchema,
  schemaRef,
  scopeErrors,
} from './entry'

/** An account answer, with an example of the account document as PUT and GET answer it. */
const accountAnswer = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: schemaRef('Account'),
      example: {
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
        emailBouncedAt: null,
        createdAt: '2026-12-01T09:00:00.000Z',
        updatedAt: '2026-12-01T09:00:00.000Z',
      },
    },
  },
})

/** The OpenAPI entry of `/api/v1/accounts/{loginId}` (docs/contract.md#accounts-from-the-system-of-record): PUT, GET and DELETE. */
export function provisioningEntry(): OpenApiEntry {
  const errors = errorResponses()
  const notFound = problemResponse(
    'There is no account with this login ID.',
    404,
    'account-not-found',
  )
  const withoutBody = { '422': errors['422'], '429': errors['429'], '503': errors['503'] }
  return {
    paths: {
      '/api/v1/accounts/{loginId}': {
        parameters: [LOGIN_ID_PATH_PARAMETER],
        put: jsonBodyOperation(
          {
            operationId: 'putAccount',
            summary: 'Create or replace an account',
            description:
              'Validated like the forms (names, phone to E.164, e-mail). Sending the same data again changes nothing. Without `passwordHash` the stored hash is kept; with it, `passwordChangedAt` is required, and the hash is applied only when the account has none or its `passwordChangedAt` is newer than the stored one (else it is kept: newer here, and the answer is 200 with the stored account). An applied hash is stored wrapped, revokes pending initialized passwords, clears failed tries and the suspension, and the holder is e-mailed. When the contact changes or the account is closed or locked, its pending initialized passwords are revoked. Every change writes an audit row naming the changed fields. Scope `accounts:write`.',
            examples: {
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
                  passwordChangedAt: '2026-11-30T09:00:00+09:00',
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
          },
          {
            security: [{ apiKey: ['accounts:write'] }],
            requestSchemaName: 'AccountRequest',
            responses: {
              '200': accountAnswer('Replaced (or unchanged): the account as stored.'),
              '201': accountAnswer('Created: the account as stored.'),
              ...scopeErrors(),
              ...errors,
            },
          },
        ),
        get: {
          operationId: 'getAccount',
          summary: 'Read an account',
          description: 'The account as stored; never the password hash. Scope `accounts:read`.',
          security: [{ apiKey: ['accounts:read'] }],
          responses: {
            '200': accountAnswer('The account as stored.'),
            ...scopeErrors(),
            '404': notFound,
            ...withoutBody,
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
            ...scopeErrors(),
            '404': notFound,
            ...withoutBody,
          },
        },
      },
    },
    schemas: {
      AccountRequest: requestSchema(accountRequest()),
      Account: answerSchema(accountDocument()),
    },
  }
}
