/**
 * The languages the service speaks, as BCP 47 tags: every page, field error, problem document
 * and e-mail exists in each. This is the one list: the account's `locale` column, the JSON
 * `locale` field, the language switch and the negotiation all derive from it, and each catalog
 * is a `Record<Locale, …>`, so a tag added here fails `tsc` until every surface has its file.
 * No imports on purpose: the schema and the scripts read it too.
 */
export const LOCALES = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko'] as const

export type Locale = (typeof LOCALES)[number]

/** The service's home market is Japan: with no other signal, pages are Japanese. */
export const DEFAULT_LOCALE: Locale = 'ja'

/**
 * For a browser that names only languages the service lacks (fr, de, th…): a worldwide audience
 * reads English more often than Japanese (docs/languages.md).
 */
export const UNSUPPORTED_LANGUAGE_LOCALE: Locale = 'en'

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value)

// Each supported tag with its likely script: zh-Hans → Hans, ko → Kore, en → Latn. Worked out
// on first use: a request that names its language by cookie or query never needs it (docs/performance.md).
let supported:
  | ReadonlyArray<{ locale: Locale; language: string; script: string | undefined }>
  | undefined
const supportedScripts = () => {
  supported ??= LOCALES.map((locale) => {
    const { language, script } = new Intl.Locale(locale).maximize()
    return { locale, language, script }
  })
  return supported
}

// The answers so far, by tag: ICU's likely subtags cost more than the rest of the negotiation.
const answers = new Map<string, Locale | undefined>()
const MEMO_SIZE = 256
const MEMO_KEY_LENGTH = 35

/**
 * The supported language a BCP 47 tag asks for, or undefined. Chinese is told apart by script,
 * which the tag names (`zh-Hant`) or its region implies (`zh-TW`, `zh-HK`, `zh-MO` are written in
 * Traditional, `zh-CN`, `zh-SG` and a bare `zh` in Simplified); other languages by their primary
 * subtag (`ko-KR` is `ko`, `en-US` is `en`).
 *
 * @example
 * localeFromLanguageTag('zh-TW') // 'zh-Hant'
 */
export function localeFromLanguageTag(tag: string): Locale | undefined {
  const key = tag.trim()
  if (answers.has(key)) return answers.get(key)
  const locale = supportedLocaleOf(key)
  // A header may carry anything: only tag-sized keys are kept, and the memo starts over when full.
  if (key.length <= MEMO_KEY_LENGTH) {
    if (answers.size >= MEMO_SIZE) answers.clear()
    answers.set(key, locale)
  }
  return locale
}

function supportedLocaleOf(tag: string): Locale | undefined {
  let asked: Intl.Locale
  try {
    // maximize() adds the likely script and region: zh-TW → zh-Hant-TW, zh → zh-Hans-CN.
    asked = new Intl.Locale(tag).maximize()
  } catch {
    return undefined
  }
  return supportedScripts().find(
    ({ language, script }) => language === asked.language && script === asked.script,
  )?.locale
}

/** The best supported language of an Accept-Language header, by q-value, or undefined. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined
  let best: { locale: Locale; q: number } | undefined
  for (const part of header.split(',')) {
    const [range = '', ...params] = part.trim().split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (!(q > 0)) continue
    const locale = localeFromLanguageTag(range)
    if (locale && (!best || q > best.q)) best = { locale, q }
  }
  return best?.locale
}

/**
 * The page language an Accept-Language header asks for: its best supported language; English
 * when it names languages but none the service has; Japanese when it names none (absent, empty
 * or only `*`).
 *
 * @example
 * pageLocaleFromAcceptLanguage('fr-FR,fr;q=0.9') // 'en'
 * pageLocaleFromAcceptLanguage(undefined) // 'ja'
 */
export function pageLocaleFromAcceptLanguage(header: string | undefined): Locale {
  const supported = localeFromAcceptLanguage(header)
  if (supported) return supported
  const namesALanguage = (header ?? '').split(',').some((part) => {
    const [range = '', ...params] = part.trim().split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    return /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(range.trim()) && q > 0
  })
  return namesALanguage ? UNSUPPORTED_LANGUAGE_LOCALE : DEFAULT_LOCALE
}
