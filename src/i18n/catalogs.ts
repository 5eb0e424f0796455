import { lazy } from '../lazy'
import type { Locale } from './locales'

/**
 * One surface's texts (pages, API, e-mail) by language, each catalog built on first use: a request
 * needs one language. Taking a `Record<Locale, …>`, a language without its catalog fails `tsc`.
 *
 * @example
 * export const messages = byLocale({ en, ja, 'zh-Hans': zhHans, 'zh-Hant': zhHant, ko })
 * messages('ko').languageName
 */
export function byLocale<T>(catalogs: Record<Locale, () => T>): (locale: Locale) => T {
  const built = Object.fromEntries(
    Object.entries(catalogs).map(([locale, build]) => [locale, lazy(build)]),
  ) as Record<Locale, () => T>
  return (locale) => built[locale]()
}
