import type { Context } from 'hono'
import { isLocale, type Locale, localeFromAcceptLanguage } from '../i18n'

/**
 * The language of a JSON answer: the body's `locale` when it is one we have, else
 * `Accept-Language`, else English (integrators read English by default; pages default to Japanese).
 */
export function apiLocale(c: Context, bodyLocale?: unknown): Locale {
  if (isLocale(bodyLocale)) return bodyLocale
  return localeFromAcceptLanguage(c.req.header('Accept-Language')) ?? 'en'
}
