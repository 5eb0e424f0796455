import { lazy } from '../../lazy'
import type { Locale } from '../locales'
import { type ApiMessages, en } from './en'
import { ja } from './ja'
import { ko } from './ko'
import { zhHans } from './zh-Hans'
import { zhHant } from './zh-Hant'

/**
 * Texts of the JSON API's problem documents and field errors, one file per language, each built
 * on first use.
 */
const catalogs: Record<Locale, () => ApiMessages> = {
  en: lazy(en),
  ja: lazy(ja),
  'zh-Hans': lazy(zhHans),
  'zh-Hant': lazy(zhHant),
  ko: lazy(ko),
}

export type { ApiMessages }
export type ProblemSlug = keyof ApiMessages['problems']

export const apiMessages = (locale: Locale): ApiMessages => catalogs[locale]()
