import type { MiddlewareHandler } from 'hono'
import { apiLocale } from '../api/json-locale'
import { problem } from '../api/problem'
import { isSecureOrLocal } from '../platform/secure-url'

/**
 * Refuses a request that came over plain HTTP with 403 and a problem document, before any route
 * reads it: no redirect (a client that sent a bearer key in clear must learn it did, not have it
 * silently carried over) and the `Authorization` header is never looked at. Localhost excepted,
 * for `wrangler dev` (docs/security.md).
 *
 * @example
 * app.use('/api/*', httpsOnly())
 */
export const httpsOnly = (): MiddlewareHandler =>
  async function httpsOnly(c, next) {
    if (isSecureOrLocal(new URL(c.req.url))) return next()
    return problem(c, 403, 'https-required', apiLocale(c))
  }
