import type { CountryCode } from 'libphonenumber-js/core'
import { isSupportedCountry, parsePhoneNumberWithError } from 'libphonenumber-js/core'
import { phoneMetadata } from './phone-metadata'

export type PhoneErrorCode = 'required' | 'format' | 'not_possible' | 'unknown_country'

export type PhoneResult = { ok: true; e164: string } | { ok: false; code: PhoneErrorCode }

const whiteSpaceRun = /\s+/g
const controlOrFormatCharacter = /[\p{Cc}\p{Cf}]/u
// Separators people type between digit groups, including the dashes an IME produces (ー‐−– …).
const phoneSeparators = /[\s.()\-\u2010-\u2015\u2043\u2212\u30fc\ufe58\ufe63\uff0d\uff70]/g
const phoneDigits = /^\+?[0-9]+$/
const countryCode = /^[A-Z]{2}$/

/** NFKC (full-width forms and U+3000 become one-byte forms), one space per run of `\s`, trimmed. */
export function normalizeText(raw: string): string {
  return raw.normalize('NFKC').replace(whiteSpaceRun, ' ').trim()
}

/** True when a control (Cc) or format (Cf) character is left after normalizeText. */
export function hasControlOrFormatCharacter(s: string): boolean {
  return controlOrFormatCharacter.test(s)
}

/**
 * Locale-independent lower case and nothing else, so a dotless ı never equals i. With NFKC
 * around it until neither changes the text: lower-casing can leave combining marks out of
 * canonical order ('İ' becomes i + U+0307, which NFKC sorts after a following U+3099) and NFKC
 * can make capitals ('㎁' is "nA"); without it, a name typed in lower case could miss its
 * registered form, and foldCase would not be idempotent.
 */
export function foldCase(s: string): string {
  let folded = s
  // Two rounds settle every string found so far; the bound only guards against a surprise.
  for (let round = 0; round < 4; round++) {
    const next = folded.normalize('NFKC').toLowerCase()
    if (next === folded) break
    folded = next
  }
  return folded
}

// The core build takes any code typed as CountryCode and answers whether the metadata knows it.
const isKnownCountry = (code: string): code is CountryCode =>
  isSupportedCountry(code as CountryCode, phoneMetadata())

/** Upper-cased ISO 3166 alpha-2 code when libphonenumber knows the country, else undefined. */
export function normalizeCountry(raw: string): CountryCode | undefined {
  const country = normalizeText(raw).toUpperCase()
  return countryCode.test(country) && isKnownCountry(country) ? country : undefined
}

/**
 * A phone number as typed in a form, in E.164. A leading `+` overrides the country and
 * libphonenumber drops a national trunk prefix (Japan's leading 0).
 *
 * @example
 * normalizePhone('JP', '090-1234-5678') // { ok: true, e164: '+819012345678' }
 */
export function normalizePhone(country: string, number: string): PhoneResult {
  const defaultCountry = normalizeCountry(country)
  if (defaultCountry === undefined) return { ok: false, code: 'unknown_country' }
  const digits = cleanPhoneNumber(number)
  if (typeof digits !== 'string') return digits
  return toE164(digits, defaultCountry)
}

/** A phone number sent by a JSON client as one E.164 string (a leading + is required). */
export function normalizeE164(value: string): PhoneResult {
  const digits = cleanPhoneNumber(value)
  if (typeof digits !== 'string') return digits
  if (!digits.startsWith('+')) return { ok: false, code: 'format' }
  return toE164(digits)
}

function cleanPhoneNumber(raw: string): string | { ok: false; code: 'required' | 'format' } {
  const normalized = normalizeText(raw)
  if (normalized === '') return { ok: false, code: 'required' }
  const digits = normalized.replace(phoneSeparators, '')
  return phoneDigits.test(digits) ? digits : { ok: false, code: 'format' }
}

function toE164(digits: string, defaultCountry?: CountryCode): PhoneResult {
  try {
    const phoneNumber = parsePhoneNumberWithError(digits, { defaultCountry }, phoneMetadata())
    if (!phoneNumber.isPossible()) return { ok: false, code: 'not_possible' }
    return { ok: true, e164: phoneNumber.number }
  } catch {
    // TOO_SHORT, TOO_LONG and INVALID_COUNTRY (an unassigned calling code) all mean "not possible".
    return { ok: false, code: 'not_possible' }
  }
}
