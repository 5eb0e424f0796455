import { lazy } from '../../lazy'
import type { Locale } from '../locales'
import { en, type MailMessages } from './en'
import { ja } from './ja'
import { ko } from './ko'
import { zhHans } from './zh-Hans'
import { zhHant } from './zh-Hant'

export type { ExpiryParts, MailMessages } from './en'

/** The languages an e-mail can be written in (all of them); the account's locale picks one. */
export type MailLocale = Locale

/** Each language's e-mail texts, built on first use. */
const catalogs: Record<Locale, () => MailMessages> = {
  en: lazy(en),
  ja: lazy(ja),
  'zh-Hans': lazy(zhHans),
  'zh-Hant': lazy(zhHant),
  ko: lazy(ko),
}

/** Every string the e-mails use, in one locale. */
export function mailMessages(locale: MailLocale): MailMessages {
  return catalogs[locale]()
}
