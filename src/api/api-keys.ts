import { and, eq, isNull } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import { sha256Hex } from '../credentials/hash'
import { apiKeys } from '../db/schema'
import type { AppEnv } from '../platform/context'
import { errorKind, log } from '../platform/log'
import { type Limit, parseLimit } from '../platform/rate-limit'
import { apiLocale } from './locale'
import { problem } from './problem'

/** An integration identified by its API key; its quota replaces the per-IP limit. */
export interface ApiClient {
  id: string
  name: string
  quota: Limit
}

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*$/i

/**
 * Integrations may send `Authorization: Bearer <key>`. A known, unrevoked key sets `apiClient`;
 * a wrong, malformed or revoked key is 401 (before anything else is looked at); no header at all
 * is the public client, limited per IP. Keys are looked up by their SHA-256.
 *
 * @example
 * api.post('/things', apiKeyAuth(), handler)
 */
export const apiKeyAuth = (): MiddlewareHandler<AppEnv> =>
  async function apiKeyAuth(c, next) {
    const header = c.req.header('Authorization')
    if (header === undefined) return next()
    const unauthorized = () => {
      const response = problem(c, 401, 'unauthorized', apiLocale(c))
      response.headers.set('WWW-Authenticate', 'Bearer realm="api", error="invalid_token"')
      return response
    }
    const key = BEARER.exec(header)?.[1]
    if (!key) return unauthorized()
    let row: typeof apiKeys.$inferSelect | undefined
    try {
      row = await c.get('services').db.query.apiKeys.findFirst({
        where: and(eq(apiKeys.keyHash, await sha256Hex(key)), isNull(apiKeys.revokedAt)),
      })
    } catch (error) {
      log.error('api_key_lookup_failed', { requestId: c.get('requestId'), error: errorKind(error) })
      return problem(c, 503, 'service-unavailable', apiLocale(c))
    }
    if (!row) return unauthorized()
    c.set('apiClient', { id: row.id, name: row.name, quota: parseLimit(row.quota, 'quota') })
    await next()
  }
