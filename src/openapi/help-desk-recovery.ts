import {
  errorResponses,
  LOGIN_ID_PATH_PARAMETER,
  type OpenApiEntry,
  problemResponse,
  scopeErrors,
} from './entry'

/** The OpenAPI entry of `POST /api/v1/accounts/{loginId}/password-initializations` (docs/api.md#help-desk-recovery). */
export function helpDeskRecoveryEntry(): OpenApiEntry {
  const errors = errorResponses()
  return {
    paths: {
      '/api/v1/accounts/{loginId}/password-initializations': {
        post: {
          operationId: 'recoverAccount',
          summary: 'Send the holder an initialized password (help desk)',
          description:
            'After the help desk verified the caller by its own means: the work of a matched request, the initialized password e-mailed to the stored address only, never in the answer. Counts toward the per-account cap; audited with the key. A locked account gets nothing (its history says `inactive`). Scope `accounts:recover`.',
          security: [{ apiKey: ['accounts:recover'] }],
          parameters: [LOGIN_ID_PATH_PARAMETER],
          responses: {
            '202': {
              description:
                'Queued. What became of it is in `GET /api/v1/accounts/{loginId}/events` under this request ID.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      status: { type: 'string', const: 'accepted' },
                      requestId: { type: 'string' },
                    },
                    required: ['status', 'requestId'],
                    additionalProperties: false,
                  },
                  example: {
                    status: 'accepted',
                    requestId: '3f1c2a9e-5b7d-4e21-9a0c-6d8e1f2b3c4d',
                  },
                },
              },
            },
            ...scopeErrors(),
            '404': problemResponse(
              'There is no account with this login ID, or it is closed.',
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
    schemas: {},
  }
}
