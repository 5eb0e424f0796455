import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../platform/context'
import { apiLocale } from './locale'
import { problem } from './problem'

/** SPEC 3: every POST body is limited to 16 KiB. */
export const MAX_JSON_BODY_BYTES = 16 * 1024

/** `application/json` in any case, with at most a `charset=utf-8` parameter (SPEC 3). */
const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i

/** 413 over 16 KiB, reading no further (SPEC 3's order puts it before 415 and 400). */
export const jsonBodyLimit = () =>
  bodyLimit({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: (c) => problem(c, 413, 'payload-too-large', apiLocale(c)),
  })

/**
 * 415 unless the body is declared as JSON, then 400 unless it parses; each a problem document.
 *
 * @example
 * api.post('/things', jsonBodyLimit(), jsonOnly(), zValidator('json', schema), handler)
 */
export const jsonOnly = (): MiddlewareHandler<AppEnv> =>
  async function jsonOnly(c, next) {
    if (!JSON_CONTENT_TYPE.test(c.req.header('Content-Type') ?? '')) {
      return problem(c, 415, 'unsupported-media-type', apiLocale(c))
    }
    try {
      // Parsed once here; Hono caches it for the validator.
      await c.req.json()
    } catch {
      return problem(c, 400, 'malformed-json', apiLocale(c))
    }
    await next()
  }
