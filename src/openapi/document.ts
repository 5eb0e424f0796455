import { QUEUED_PROCEDURES } from '../procedures'
import { accountHistoryEntry } from './account-history'
import { credentialVerificationEntry } from './credential-verification'
import { mergeEntries, type OpenApiEntry, problemSchemas } from './entry'
import { webhooksDocument } from './events'
import { helpDeskRecoveryEntry } from './help-desk-recovery'
import { templateOf } from './json-template'
import { provisioningEntry } from './provisioning'
import { queuedProcedureEntry } from './queued-procedures'

/** `GET /api/v1/openapi.json` itself. */
const documentEntry = (): OpenApiEntry => ({
  paths: {
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
  schemas: {},
})

/** Every JSON route's entry: a queued procedure's comes from its descriptor, the others' from their folders. */
const entries = (): OpenApiEntry[] => [
  ...QUEUED_PROCEDURES.map(queuedProcedureEntry),
  provisioningEntry(),
  accountHistoryEntry(),
  helpDeskRecoveryEntry(),
  credentialVerificationEntry(),
  documentEntry(),
]

/**
 * The OpenAPI 3.1 document of the JSON API; request schemas come from the validating Zod schemas.
 * Built by `npm run build:openapi` (as `openApiTemplate()`), never by the Worker: it serves the
 * generated text, so Zod's JSON Schema generator stays out of its bundle.
 */
export function openApiDocument(serverUrl: string, serviceName: string) {
  const routes = mergeEntries(entries())
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
    paths: routes.paths,
    webhooks: events.webhooks,
    components: {
      schemas: { ...routes.schemas, ...events.schemas, ...problemSchemas() },
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key (`npm run api-key -- create --scopes …`). Optional on the two procedures (scope `recovery`): with a key, requests count against its own quota instead of the per-IP limit. Required on `/api/v1/accounts` (scopes `accounts:read`, `accounts:write`, `accounts:recover`) and `/api/v1/credential-verifications` (scope `credentials:verify`). A wrong or revoked key is 401, a key without the scope 403.',
        },
      },
    },
  }
}

/**
 * The document as `npm run build:openapi` writes it into assets/openapi-template.json: its JSON
 * text with holes for the settings a request brings, which src/openapi/route.ts fills in.
 */
export const openApiTemplate = () =>
  templateOf(['serverUrl', 'serviceName'], ({ serverUrl, serviceName }) =>
    openApiDocument(serverUrl, serviceName),
  )
