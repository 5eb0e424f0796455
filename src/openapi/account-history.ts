import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX } from '../db/account-history-query'
import {
  errorResponses,
  LOGIN_ID_PATH_PARAMETER,
  type OpenApiEntry,
  problemResponse,
  schemaRef,
  scopeErrors,
} from './entry'

const nullableString = { type: ['string', 'null'] }

/** The OpenAPI entry of `GET /api/v1/accounts/{loginId}/events` (docs/api.md#history-of-one-account). */
export function accountHistoryEntry(): OpenApiEntry {
  const errors = errorResponses()
  return {
    paths: {
      '/api/v1/accounts/{loginId}/events': {
        get: {
          operationId: 'listAccountEvents',
          summary: "List an account's requests",
          description:
            "The requests naming the account, newest first: time, procedure, outcome, the delivery of its e-mail, country, request ID and the API key's name. Never a submitted name, phone number or e-mail address, never a password. Scope `accounts:read`.",
          security: [{ apiKey: ['accounts:read'] }],
          parameters: [
            LOGIN_ID_PATH_PARAMETER,
            {
              name: 'limit',
              in: 'query',
              description: `Events per page, 1 to ${HISTORY_PAGE_MAX}; ${HISTORY_PAGE_DEFAULT} unless given.`,
              schema: { type: 'integer', minimum: 1, maximum: HISTORY_PAGE_MAX },
            },
            {
              name: 'cursor',
              in: 'query',
              description: 'The `nextCursor` of the previous page.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: 'One page of events.',
              content: {
                'application/json': {
                  schema: schemaRef('AccountEvents'),
                  example: {
                    events: [
                      {
                        occurredAt: '2026-12-01T09:00:00.000Z',
                        procedure: 'password_initialization',
                        outcome: 'issued',
                        delivery: 'delivered',
                        country: 'JP',
                        requestId: '3f1c2a9e-5b7d-4e21-9a0c-6d8e1f2b3c4d',
                        apiKey: null,
                      },
                    ],
                    nextCursor: null,
                  },
                },
              },
            },
            ...scopeErrors(),
            '404': problemResponse(
              'There is no account with this login ID.',
              404,
              'account-not-found',
            ),
            '422': errors['422'],
            '429': errors['429'],
            '503': errors['503'],
          },
        },
      },
    },
    schemas: {
      AccountEvents: {
        type: 'object',
        properties: {
          events: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                occurredAt: { type: 'string', format: 'date-time' },
                procedure: { type: 'string' },
                outcome: { type: 'string' },
                delivery: {
                  ...nullableString,
                  description:
                    "The e-mail's last state: the Email Service's report (`delivered`, `deferred`, `bounced`, `failed`, `rejected`, `complained`), else the send's (`pending`, `retrying`, `sent`, `failed`); null when the request sent none.",
                },
                country: nullableString,
                requestId: { type: 'string' },
                apiKey: {
                  ...nullableString,
                  description: "The API key's name; null for the forms.",
                },
              },
              required: [
                'occurredAt',
                'procedure',
                'outcome',
                'delivery',
                'country',
                'requestId',
                'apiKey',
              ],
              additionalProperties: false,
            },
          },
          nextCursor: { ...nullableString, description: 'Pass as `cursor` for older events.' },
        },
        required: ['events', 'nextCursor'],
        additionalProperties: false,
      },
    },
  }
}
