import {
  credentialVerificationAnswer,
  credentialVerificationJson,
} from '../procedures/credential-verification/schema'
import {
  answerSchema,
  errorResponses,
  jsonBodyOperation,
  type OpenApiEntry,
  requestSchema,
  schemaRef,
  scopeErrors,
} from './entry'

const answerExample = (summary: string, value: object) => ({ summary, value })

/** The OpenAPI entry of `POST /api/v1/credential-verifications` (docs/contract.md#credential-verification), for the login system. */
export const credentialVerificationEntry = (): OpenApiEntry => ({
  paths: {
    '/api/v1/credential-verifications': {
      post: jsonBodyOperation(
        {
          operationId: 'verifyCredentials',
          summary: 'Check a login ID and password (for the login system)',
          description:
            "Scope `credentials:verify`. Answers 200 with the result. `invalid` is the same, byte for byte and in time, for a wrong password, an unknown login ID and a locked or closed account. Pass the end user's IP address as `clientAddress`: wrong passwords count per login ID and client (without it, the key is the client), and five within 15 minutes lock that client's current-password tries for 15 minutes, unknown login IDs alike: then `locked`, except that an unexpired initialized password is still `valid`. An initialized password is `valid` once (then `invalid`; it still sets a new password on `/password/change`, where `mustChangePassword` sends the person). `suspended`: the current password reached 100 wrong tries in a row and works again only after the person sets a new one with an initialized password from `/password/initialize`. A current password stored with weaker parameters than today's is rehashed.",
          // The demo accounts': a test posts them and expects the results their summaries say.
          examples: {
            current: {
              summary: "Taro's current password",
              value: { loginId: '123456789', password: 'Current-Pa55word!' },
            },
            wrong: {
              summary: 'A wrong password',
              value: { loginId: '123456789', password: 'not-the-password' },
            },
          },
        },
        {
          security: [{ apiKey: ['credentials:verify'] }],
          requestSchemaName: 'CredentialVerificationRequest',
          responses: {
            '200': {
              description: 'The result.',
              content: {
                'application/json': {
                  schema: schemaRef('CredentialVerification'),
                  examples: {
                    current: answerExample('The current password', {
                      result: 'valid',
                      passwordKind: 'current',
                      mustChangePassword: false,
                    }),
                    initialized: answerExample(
                      'An initialized password: send the person to change it',
                      { result: 'valid', passwordKind: 'initialized', mustChangePassword: true },
                    ),
                    invalid: answerExample(
                      'Wrong password, unknown login ID, locked or closed account',
                      { result: 'invalid' },
                    ),
                    locked: answerExample('Current-password tries are locked out for now', {
                      result: 'locked',
                      retryAfterSeconds: 840,
                    }),
                    suspended: answerExample(
                      'The current password is suspended: send the person to /password/initialize',
                      { result: 'suspended' },
                    ),
                  },
                },
              },
            },
            ...errorResponses(),
            ...scopeErrors(),
          },
        },
      ),
    },
  },
  schemas: {
    CredentialVerificationRequest: requestSchema(credentialVerificationJson()),
    CredentialVerification: answerSchema(credentialVerificationAnswer()),
  },
})
