import { byLocale } from './catalogs'
import type { Locale } from './locales'
import { en, type Messages } from './pages/en'
import { ja } from './pages/ja'
import { ko } from './pages/ko'
import { zhHans } from './pages/zh-Hans'
import { zhHant } from './pages/zh-Hant'

export {
  DEFAULT_LOCALE,
  isLocale,
  LOCALES,
  type Locale,
  localeFromAcceptLanguage,
  localeFromLanguageTag,
  pageLocaleFromAcceptLanguage,
  UNSUPPORTED_LANGUAGE_LOCALE,
} from './locales'
export type { Messages }

/** The page texts of each language, each built on first use. */
export const messages: (locale: Locale) => Messages = byLocale({
  en,
  ja,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  ko,
})
