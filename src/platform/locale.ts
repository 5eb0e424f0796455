import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { DEFAULT_LOCALE, isLocale, type Locale, localeFromAcceptLanguage } from '../i18n'

export const LOCALE_COOKIE = 'lang'

/**
 * Chooses the page language: `?lang=`, then the `lang` cookie, then `Accept-Language`.
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
      setCookie(c, LOCALE_COOKIE, requested, {
        path: '/',
        maxAge: 60 * 60 * 24 * 365,
        sameSite: 'Lax',
        httpOnly: true,
        secure: new URL(c.req.url).protocol === 'https:',
      })
    }
    c.set('locale', resolveLocale(c, requested))
    await next()
  }

function resolveLocale(c: Context, requested: string | undefined): Locale {
  if (isLocale(requested)) return requested
  const cookie = getCookie(c, LOCALE_COOKIE)
  if (isLocale(cookie)) return cookie
  return localeFromAcceptLanguage(c.req.header('Accept-Language')) ?? DEFAULT_LOCALE
}
