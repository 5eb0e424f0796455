import { byLocale } from '../catalogs'
import type { Locale } from '../locales'
import { type ApiMessages, en } from './en'
import { ja } from './ja'
import { ko } from './ko'
import { zhHans } from './zh-Hans'
import { zhHant } from './zh-Hant'

export type { ApiMessages }
export type ProblemSlug = keyof ApiMessages['problems']

/** Texts of the JSON API's problem documents and field errors, one file per language. */
export const apiMessages: (locale: Locale) => ApiMessages = byLocale({
  en,
  ja,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  ko,
})
