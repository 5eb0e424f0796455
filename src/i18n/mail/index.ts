import { byLocale } from '../catalogs'
import type { Locale } from '../locales'
import { en, type MailMessages } from './en'
import { ja } from './ja'
import { ko } from './ko'
import { zhHans } from './zh-Hans'
import { zhHant } from './zh-Hant'

export type { ExpiryParts, MailMessages } from './en'

/** The languages an e-mail can be written in (all of them); the account's locale picks one. */
export type MailLocale = Locale

/** Every string the e-mails use, in one locale. */
export const mailMessages: (locale: MailLocale) => MailMessages = byLocale({
  en,
  ja,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  ko,
})
