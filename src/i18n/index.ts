import { en, type Messages } from './en'
import { ja } from './ja'

export type Locale = 'en' | 'ja'
export type { Messages }

export const LOCALES: readonly Locale[] = ['ja', 'en']
/** The service's home market is Japan: with no other signal, pages are Japanese. */
export const DEFAULT_LOCALE: Locale = 'ja'

const catalogs: Record<Locale, Messages> = { en, ja }

export const messages = (locale: Locale): Messages => catalogs[locale]

export const isLocale = (value: unknown): value is Locale => value === 'en' || value === 'ja'

/** The best supported language of an Accept-Language header, by q-value, or undefined. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined
  let best: { locale: Locale; q: number } | undefined
  for (const part of header.split(',')) {
    const [range = '', ...params] = part.trim().split(';')
    const primary = range.trim().toLowerCase().split('-')[0]
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (!isLocale(primary) || !(q > 0)) continue
    if (!best || q > best.q) best = { locale: primary, q }
  }
  return best?.locale
}
