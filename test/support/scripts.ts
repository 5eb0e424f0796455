import type { Locale } from '../../src/i18n'
import { decodeEntities } from './html'

/**
 * Characters that give away another language: Japanese kana, Hangul, any Han character, and
 * small lists of forms that differ between Simplified and Traditional Chinese (and Japanese).
 * Each list holds only characters the other writing system does not use.
 */
const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/u
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u
const HAN = /\p{Script=Han}/u
/** Simplified forms, each paired with its Traditional form in TRADITIONAL_ONLY below. */
const SIMPLIFIED_ONLY =
  '简码设发邮电话时请认账帐户录输确这个为们页证务无间联国区会过还选变体误续验号'
const TRADITIONAL_ONLY =
  '簡碼設發郵電話時請認賬帳戶錄輸確這個為們頁證務無間聯國區會過還選變體誤續驗號'
/** Japanese (shinjitai) forms used in neither Simplified nor Traditional Chinese. */
const JAPANESE_ONLY = '続戸変証択済読関発検効様図帰込届'
/** Simplified forms Japanese never uses (unlike 国, 号, 会, 体, which both write). */
const SIMPLIFIED_NOT_JAPANESE = '简码设邮话请认账录输这们页证务误续验'

const anyOf = (characters: string) => new RegExp(`[${characters}]`, 'u')

/** What each language's page must not show, by name for a readable failure. */
const FOREIGN: Record<Locale, Record<string, RegExp>> = {
  ja: { Hangul: HANGUL, 'simplified-only forms': anyOf(SIMPLIFIED_NOT_JAPANESE) },
  en: { kana: KANA, Hangul: HANGUL, 'Han characters': HAN },
  'zh-Hans': {
    kana: KANA,
    Hangul: HANGUL,
    'traditional-only forms': anyOf(TRADITIONAL_ONLY),
    'Japanese-only forms': anyOf(JAPANESE_ONLY),
  },
  'zh-Hant': {
    kana: KANA,
    Hangul: HANGUL,
    'simplified-only forms': anyOf(SIMPLIFIED_ONLY),
    'Japanese-only forms': anyOf(JAPANESE_ONLY),
  },
  ko: { kana: KANA, 'Han characters': HAN },
}

/** Every character of `text` that belongs to another language than `locale`, by rule. */
export function foreignCharacters(locale: Locale, text: string): Record<string, string[]> {
  const found: Record<string, string[]> = {}
  for (const [rule, pattern] of Object.entries(FOREIGN[locale])) {
    const hits = [...new Set([...text].filter((character) => pattern.test(character)))]
    if (hits.length > 0) found[rule] = hits
  }
  return found
}

/**
 * A page's HTML as its reader sees it in `locale`: entities decoded, and without the elements
 * explicitly marked as another language (the language switch names each language in itself).
 */
export function pageTextIn(locale: Locale, html: string): string {
  const elsewhere = /<(a|span)\b[^>]*\slang="([^"]*)"[^>]*>[^<]*<\/\1>/g
  return decodeEntities(
    html.replace(elsewhere, (element, _tag, lang) => (lang === locale ? element : '')),
  )
}

// The lists must pair up, or a character would be checked on one side only.
if ([...SIMPLIFIED_ONLY].length !== [...TRADITIONAL_ONLY].length) {
  throw new Error('SIMPLIFIED_ONLY and TRADITIONAL_ONLY must pair up')
}
