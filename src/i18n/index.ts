import { lazy } from '../lazy'
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
} from './locales'
export type { Messages }

/**
 * The page texts of each language, each built on first use (a request needs one language); a
 * language without its catalog fails `tsc` here.
 */
const catalogs: Record<Locale, () => Messages> = {
  en: lazy(en),
  ja: lazy(ja),
  'zh-Hans': lazy(zhHans),
  'zh-Hant': lazy(zhHant),
  ko: lazy(ko),
}

export const messages = (locale: Locale): Messages => catalogs[locale]()
