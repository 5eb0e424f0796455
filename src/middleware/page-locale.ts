import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { isLocale, type Locale, pageLocaleFromAcceptLanguage } from '../i18n'

/** Sent as `__Host-lang`: Secure, Path=/ and no Domain, so no subdomain or plain-HTTP page can set it. */
export const LOCALE_COOKIE = 'lang'

/**
 * Chooses the page language: `?lang=`, then the `__Host-lang` cookie, then `Accept-Language`
 * (English when it names only languages the service lacks, Japanese when it names none).
 * An explicit `?lang=` is remembered in the cookie for the next pages.
 *
 * @example
 * app.use(negotiateLocale())
 * app.get('/', (c) => c.text(c.get('locale')))
 */
export const negotiateLocale = (): MiddlewareHandler<{ Variables: { locale: Locale } }> =>
  async function negotiateLocale(c, next) {
    const requested = c.req.query('lang')
    if (isLocale(requested)) {
      // Always Secure, also on http://localhost, which browsers count as a secure origin.
      setCookie(c, LOCALE_COOKIE, requested, {
        prefix: 'host',
        path: '/',
        maxAge: 60 * 60 * 24 * 365,
        sameSite: 'Lax',
        httpOnly: true,
        secure: true,
      })
    }
    c.set('locale', resolveLocale(c, requested))
    await next()
  }

function resolveLocale(c: Context, requested: string | undefined): Locale {
  if (isLocale(requested)) return requested
  const cookie = getCookie(c, LOCALE_COOKIE, 'host')
  if (isLocale(cookie)) return cookie
  return pageLocaleFromAcceptLanguage(c.req.header('Accept-Language'))
}
