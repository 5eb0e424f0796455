import { and, eq, isNull } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import { sha256Hex } from '../credentials/hash'
import { apiKeys } from '../db/schema'
import type { AppEnv } from '../platform/context'
import { type Limit, parseLimit } from '../platform/limit'
import { errorKind } from '../platform/log'
import { apiLocale } from './json-locale'
import { problem } from './problem'
import { type ApiScope, parseScopes } from './scopes'

export { API_SCOPES, type ApiScope, parseScopes } from './scopes'

/** An integration identified by its API key; its quota replaces the per-IP limit. */
export interface ApiClient {
  id: string
  name: string
  quota: Limit
  scopes: ApiScope[]
}

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*$/i

/**
 * Reads `Authorization: Bearer <key>`. A known, unrevoked, unexpired key with the scope sets
 * `apiClient`; a wrong, malformed, revoked or expired key is 401 (before anything else is looked at), a key without the
 * scope 403. No header at all: the public client when `required` is false, else 401. Keys are
 * looked up by their SHA-256.
 */
const authenticate = (scope: ApiScope, required: boolean): MiddlewareHandler<AppEnv> =>
  async function apiKeyAuth(c, next) {
    const header = c.req.header('Authorization')
    const { logger } = c.get('services')
    if (header === undefined && !required) return next()
    const unauthorized = (reason: 'missing' | 'malformed' | 'unknown_or_revoked' | 'expired') => {
      // ASVS 16.3.1: a refused key is logged, by why and the client's hash, never by the key.
      logger.warn('api_key_rejected', { requestId: c.get('requestId'), reason, path: c.req.path })
      const slug = header === undefined ? 'api-key-required' : 'unauthorized'
      const response = problem(c, 401, slug, apiLocale(c))
      const error = header === undefined ? '' : ', error="invalid_token"'
      response.headers.set('WWW-Authenticate', `Bearer realm="api"${error}`)
      return response
    }
    const key = header === undefined ? undefined : BEARER.exec(header)?.[1]
    if (!key) return unauthorized(header === undefined ? 'missing' : 'malformed')
    let row: typeof apiKeys.$inferSelect | undefined
    try {
      row = await c.get('services').db.query.apiKeys.findFirst({
        where: and(eq(apiKeys.keyHash, await sha256Hex(key)), isNull(apiKeys.revokedAt)),
      })
    } catch (error) {
      logger.error('api_key_lookup_failed', {
        requestId: c.get('requestId'),
        error: errorKind(error),
      })
      return problem(c, 503, 'service-unavailable', apiLocale(c))
    }
    if (!row) return unauthorized('unknown_or_revoked')
    // An expired key answers as a revoked one does (docs/security.md, "API keys").
    if (row.expiresAt !== null && row.expiresAt <= c.get('services').now()) {
      return unauthorized('expired')
    }
    const scopes = parseScopes(row.scopes)
    if (!scopes.includes(scope)) {
      logger.warn('api_key_rejected', {
        requestId: c.get('requestId'),
        reason: 'insufficient_scope',
        apiKeyId: row.id,
        path: c.req.path,
      })
      const response = problem(c, 403, 'insufficient-scope', apiLocale(c))
      response.headers.set(
        'WWW-Authenticate',
        `Bearer realm="api", error="insufficient_scope", scope="${scope}"`,
      )
      return response
    }
    c.set('apiClient', {
      id: row.id,
      name: row.name,
      quota: parseLimit(row.quota, 'quota'),
      scopes,
    })
    // The audit trail names the key (ASVS 16.3.2).
    c.set('services', { ...c.get('services'), apiKeyId: row.id })
    await next()
  }

/**
 * Integrations may send `Authorization: Bearer <key>` to the public routes: a known key with the
 * scope (`recovery` unless said otherwise) gets its own quota instead of the per-IP limit; a
 * wrong key is 401, a key without the scope 403; no header at all is the public client.
 *
 * @example
 * api.post('/things', apiKeyAuth(), handler)
 */
export const apiKeyAuth = (scope: ApiScope = 'recovery') => authenticate(scope, false)

/**
 * Routes only integrations may use: no key or an unknown one is 401, a key without the scope 403.
 *
 * @example
 * accounts.get('/:loginId', requireApiKey('accounts:read'), handler)
 */
export const requireApiKey = (scope: ApiScope) => authenticate(scope, true)
