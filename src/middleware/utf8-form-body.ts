import type { Context, Env, MiddlewareHandler } from 'hono'

/** `application/x-www-form-urlencoded` in any case, with at most a `charset=utf-8` parameter. */
const FORM_CONTENT_TYPE =
  /^application\/x-www-form-urlencoded\s*(;\s*charset\s*=\s*("utf-8"|utf-8)\s*)?$/i

const PERCENT = 0x25

/** The value of one hexadecimal digit's byte, or -1. */
function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  const lower = byte | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}

/**
 * True when a URL-encoded body is UTF-8 once its `%XX` escapes are decoded. A `%` not followed by
 * two hex digits stays as it is (as the URL standard's parser keeps it). The escapes are decoded
 * into one buffer and decoded strictly once: `&`, `=` and `+` are ASCII, which never occurs
 * inside a UTF-8 sequence, so the whole is valid exactly when every name and value is.
 */
export function isUtf8FormBody(body: Uint8Array): boolean {
  const bytes = new Uint8Array(body.byteLength)
  let length = 0
  for (let i = 0; i < body.byteLength; i++) {
    const byte = body[i] as number
    const high = byte === PERCENT ? hexValue(body[i + 1]) : -1
    const low = high === -1 ? -1 : hexValue(body[i + 2])
    if (low === -1) {
      bytes[length++] = byte
    } else {
      bytes[length++] = high * 16 + low
      i += 2
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.subarray(0, length))
    return true
  } catch {
    return false
  }
}

export interface FormBodyOptions<E extends Env> {
  /** A body that is not `application/x-www-form-urlencoded` as UTF-8 (status 415). */
  onUnsupportedMediaType: (c: Context<E>) => Response | Promise<Response>
  /** A body that is not UTF-8, escapes decoded, or can not be read to its end (status 400). */
  onUnreadable: (c: Context<E>) => Response | Promise<Response>
}

/**
 * Lets a form post through only when the validator will read exactly what was sent: declared as
 * `application/x-www-form-urlencoded` (no charset, or UTF-8; a browser sends our UTF-8 pages'
 * forms that way) and UTF-8 throughout. Otherwise the runtime's form parser would throw (another
 * charset, multipart garbage: a 500) or quietly turn bad bytes into U+FFFD. Goes after the body
 * limit, which has read the body into memory.
 *
 * @example
 * app.post('/form', bodyLimit(…), utf8FormBody({ onUnsupportedMediaType, onUnreadable }), zValidator('form', schema), handler)
 */
export const utf8FormBody = <E extends Env>(options: FormBodyOptions<E>): MiddlewareHandler<E> =>
  async function utf8FormBody(c, next) {
    if (!FORM_CONTENT_TYPE.test(c.req.header('Content-Type') ?? '')) {
      return options.onUnsupportedMediaType(c)
    }
    let body: ArrayBuffer
    try {
      // Hono caches the bytes; the validator parses them from there.
      body = await c.req.arrayBuffer()
    } catch {
      return options.onUnreadable(c)
    }
    if (!isUtf8FormBody(new Uint8Array(body))) return options.onUnreadable(c)
    await next()
  }
