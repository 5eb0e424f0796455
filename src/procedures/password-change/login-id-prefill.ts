import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { hmacSha256Hex } from '../../credentials/hash'
import type { AppEnv } from '../../platform/context'

/**
 * The login ID typed on `/password/initialize`, remembered for an hour so that the e-mail's link,
 * opened in the same browser, finds it filled in on `/password/change` (docs/journey.md). Never
 * in a URL: an HttpOnly, SameSite=Lax cookie sent only to `/password/change`, Secure always (as
 * `__Host-lang`: browsers count http://localhost as a secure origin). Its value is
 * `<login ID>.<expiry in seconds>.<HMAC under CLIENT_HASH_KEY>`, so a cookie someone edited, or
 * one kept past its hour, fills nothing in.
 */
export const LOGIN_ID_PREFILL_COOKIE = 'login-id'
export const LOGIN_ID_PREFILL_PATH = '/password/change'
export const LOGIN_ID_PREFILL_SECONDS = 60 * 60

const VALUE = /^([0-9]{9})\.([0-9]{1,12})\.([0-9a-f]{64})$/

const mac = (key: string, loginId: string, expires: number) =>
  hmacSha256Hex(key, `login-id-prefill:${loginId}:${expires}`)

/** Compares two hex strings of equal length without stopping at the first difference. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return difference === 0
}

/**
 * Sets the cookie on an accepted password initialization post, whatever the account work will
 * find: it holds only what was typed, so the answer says nothing about an account.
 */
export async function rememberLoginId(c: Context<AppEnv>, loginId: string): Promise<void> {
  const { config, now } = c.get('services')
  const expires = Math.floor(now() / 1000) + LOGIN_ID_PREFILL_SECONDS
  setCookie(
    c,
    LOGIN_ID_PREFILL_COOKIE,
    `${loginId}.${expires}.${await mac(config.clientHashKey, loginId, expires)}`,
    {
      prefix: 'secure',
      path: LOGIN_ID_PREFILL_PATH,
      maxAge: LOGIN_ID_PREFILL_SECONDS,
      sameSite: 'Lax',
      httpOnly: true,
      secure: true,
    },
  )
}

/** The remembered login ID, or null when there is none, it was tampered with or has expired. */
export async function rememberedLoginId(c: Context<AppEnv>): Promise<string | null> {
  const value = getCookie(c, LOGIN_ID_PREFILL_COOKIE, 'secure')
  const parts = value === undefined ? null : VALUE.exec(value)
  if (!parts) return null
  const [, loginId = '', expiresText = '', signature = ''] = parts
  const expires = Number(expiresText)
  const { config, now } = c.get('services')
  if (expires * 1000 <= now()) return null
  return sameHex(signature, await mac(config.clientHashKey, loginId, expires)) ? loginId : null
}
