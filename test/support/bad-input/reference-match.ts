// A reference matcher for the property suite, written from docs/contract.md#matching-the-four-fields alone and independent of
// src/identity/ (normalize.ts, match.ts, fields.ts): if the two ever disagree on a submission
// the generators make, a property fails. It knows only the variations the generators produce
// (see arbitraries.ts): for anything else it answers "no match", and a service that matched
// anyway would fail the suite. Phone numbers go through libphonenumber, which docs/contract.md names.
import { type CountryCode, isSupportedCountry, parsePhoneNumberWithError } from 'libphonenumber-js'
import { DEMO_ACCOUNTS, type DemoAccount } from '../../../src/db/demo-accounts'

/** What one submission carried, field by field: a string, several (a repeated form field), or any JSON value. */
export type Fields = Record<string, unknown>

/** NFKC, runs of white space folded to one space, trimmed. */
const fold = (s: string) => s.normalize('NFKC').replace(/\s+/gu, ' ').trim()
const hasControlOrFormat = (s: string) => /[\p{Cc}\p{Cf}]/u.test(s)
const lower = (s: string) => s.toLowerCase()

/** The contract's (docs/contract.md#matching-the-four-fields) tolerated phone separators: hyphens (and the dashes an IME types), spaces, dots, parentheses. */
const PHONE_SEPARATORS = /[\s.()\-\u2010-\u2015\u2212\u30fc]/gu

/**
 * E.164 by libphonenumber, as docs/contract.md#matching-the-four-fields and #accounts-from-the-system-of-record define it ("phone to E.164 with libphonenumber"; a
 * possible number for the country), or undefined. The library is the contract here, not a copy of
 * the service's code: the fuzz campaign found that it reads a national number that starts with the
 * country calling code as international ("81 3-1234-5678" with Japan, "1 1 415 555 0123" with the
 * United States), and a hand-written rule had missed that.
 */
function libphonenumberE164(digits: string, country?: CountryCode): string | undefined {
  try {
    const parsed = parsePhoneNumberWithError(digits, country ? { defaultCountry: country } : {})
    return parsed.isPossible() ? parsed.number : undefined
  } catch {
    return undefined
  }
}

const isString = (value: unknown): value is string => typeof value === 'string'

function nameMatches(typed: unknown, account: DemoAccount): boolean {
  if (!isString(typed)) return false
  const name = fold(typed)
  if (hasControlOrFormat(name)) return false
  const given = account.contactGivenName
  const family = account.contactFamilyName
  return [`${given} ${family}`, `${family} ${given}`].some((n) => lower(fold(n)) === lower(name))
}

function emailMatches(typed: unknown, account: DemoAccount): boolean {
  if (!isString(typed)) return false
  const email = fold(typed)
  return !hasControlOrFormat(email) && lower(email) === lower(account.contactEmail)
}

/** The E.164 form of a number typed with a country, or undefined. */
export function referenceE164(country: unknown, number: unknown): string | undefined {
  if (!isString(country) || !isString(number)) return undefined
  const code = fold(country).toUpperCase()
  if (!/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code)) return undefined
  const digits = fold(number).replace(PHONE_SEPARATORS, '')
  return /^\+?[0-9]+$/.test(digits) ? libphonenumberE164(digits, code) : undefined
}

/** The E.164 number a JSON `phone` stands for: a `+` string, or exactly `{country, number}`. */
function jsonPhone(phone: unknown): string | undefined {
  if (isString(phone)) {
    const digits = fold(phone).replace(PHONE_SEPARATORS, '')
    return /^\+[0-9]+$/.test(digits) ? libphonenumberE164(digits) : undefined
  }
  if (typeof phone !== 'object' || phone === null || Array.isArray(phone)) return undefined
  const keys = Object.keys(phone)
  if (keys.length !== 2 || !keys.includes('country') || !keys.includes('number')) return undefined
  const { country, number } = phone as Record<string, unknown>
  return referenceE164(country, number)
}

const activeAccounts = DEMO_ACCOUNTS.filter((account) => account.status === 'active')

export type Envelope = 'form' | 'json'

/** The contact's E.164 phone from a form's two fields or a JSON body's `phone`. */
const typedPhone = (fields: Fields, envelope: Envelope) =>
  envelope === 'form'
    ? referenceE164(fields.phoneCountry, fields.phoneNumber)
    : jsonPhone(fields.phone)

/** A JSON body may hold only these keys, and `locale` only as "en" or "ja". */
function jsonKeysAllowed(fields: Fields, allowed: readonly string[]): boolean {
  return (
    Object.keys(fields).every((key) => allowed.includes(key)) &&
    (!('locale' in fields) || fields.locale === 'en' || fields.locale === 'ja')
  )
}

function contactMatches(fields: Fields, envelope: Envelope, account: DemoAccount): boolean {
  return (
    nameMatches(fields.name, account) &&
    typedPhone(fields, envelope) === account.contactPhone &&
    emailMatches(fields.email, account)
  )
}

/** The active accounts a password initialization with these fields is for (at most one). */
export function referencePasswordInitialization(fields: Fields, envelope: Envelope) {
  if (
    envelope === 'json' &&
    !jsonKeysAllowed(fields, ['loginId', 'name', 'phone', 'email', 'locale'])
  )
    return []
  const loginId = fields.loginId
  if (!isString(loginId)) return []
  return activeAccounts.filter(
    (account) => fold(loginId) === account.loginId && contactMatches(fields, envelope, account),
  )
}

/** The active accounts a login ID notification with these fields lists. */
export function referenceLoginIdNotification(fields: Fields, envelope: Envelope) {
  if (envelope === 'json' && !jsonKeysAllowed(fields, ['name', 'phone', 'email', 'locale']))
    return []
  return activeAccounts.filter((account) => contactMatches(fields, envelope, account))
}

/**
 * The active account whose password `password` is, per `passwords` (login ID → current password,
 * as the suite's model tracks it); passwords compare after NFKC, untrimmed (docs/contract.md#password-change).
 */
export function referencePasswordChange(fields: Fields, passwords: ReadonlyMap<string, string>) {
  const { loginId, password } = fields
  if (!isString(loginId) || !isString(password)) return undefined
  const account = activeAccounts.find((a) => a.loginId === fold(loginId))
  if (account === undefined) return undefined
  return passwords.get(account.loginId) === password.normalize('NFKC') ? account : undefined
}
