import type { MiddlewareHandler } from 'hono'
import { apiLocale } from '../api/locale'
import { problem } from '../http/problem'

/** The hosts `wrangler dev` serves on; plain HTTP is allowed there alone (docs/decisions/023-plain-http-on-localhost.md). */
const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/** True for a URL on this machine: local development, where TLS is not set up. */
export const isLocalUrl = (url: URL): boolean => LOCAL_HOSTNAMES.has(url.hostname)

/** `https:`, or `http:` on localhost only: what `WEBHOOK_URL`, `PUBLIC_BASE_URL` and the API accept. */
export const isSecureOrLocal = (url: URL): boolean =>
  url.protocol === 'https:' || (url.protocol === 'http:' && isLocalUrl(url))

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
