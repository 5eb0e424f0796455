import type { MiddlewareHandler } from 'hono'
import { apiLocale } from '../api/json-locale'
import { problem } from '../api/problem'
import { MAX_BODY_BYTES } from '../max-body-size'
import { bodyLimit } from '../middleware/body-limit'
import type { AppEnv } from '../platform/context'
import { firstDuplicateKey } from './json-duplicate-key'

/** `application/json` in any case, with at most a `charset=utf-8` parameter (docs/contract.md#matching-the-four-fields). */
const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i

/** Bytes that are not UTF-8 are refused, never turned into U+FFFD. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * 413 past MAX_BODY_BYTES, reading no further (the contract's (docs/contract.md#matching-the-four-fields) order puts it before 415 and 400); a streamed
 * body is read to its end (up to a bound) first, so the client reads the answer. A body that
 * breaks off is malformed JSON (400).
 */
export const jsonBodyLimit = () =>
  bodyLimit<AppEnv>({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => problem(c, 413, 'payload-too-large', apiLocale(c)),
    onIncomplete: (c) => problem(c, 400, 'malformed-json', apiLocale(c)),
  })

/**
 * 415 unless the body is declared as JSON, then 400 unless it is UTF-8 (`invalid-encoding`),
 * parses (`malformed-json`) and repeats no key in any object (`duplicate-key`, the key's path in
 * `errors`); each a problem document.
 *
 * @example
 * api.post('/things', jsonBodyLimit(), jsonOnly(), zValidator('json', schema), handler)
 */
export const jsonOnly = (): MiddlewareHandler<AppEnv> =>
  async function jsonOnly(c, next) {
    if (!JSON_CONTENT_TYPE.test(c.req.header('Content-Type') ?? '')) {
      return problem(c, 415, 'unsupported-media-type', apiLocale(c))
    }
    let bytes: ArrayBuffer
    try {
      // Hono caches the bytes; the validator parses them from there.
      bytes = await c.req.arrayBuffer()
    } catch {
      return problem(c, 400, 'malformed-json', apiLocale(c))
    }
    let text: string
    try {
      text = strictUtf8.decode(bytes)
    } catch {
      return problem(c, 400, 'invalid-encoding', apiLocale(c))
    }
    try {
      JSON.parse(text)
    } catch {
      return problem(c, 400, 'malformed-json', apiLocale(c))
    }
    const duplicate = firstDuplicateKey(text)
    if (duplicate !== undefined) {
      return problem(c, 400, 'duplicate-key', apiLocale(c), [
        { field: duplicate, code: 'duplicate_key' },
      ])
    }
    await next()
  }
