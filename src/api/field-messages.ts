import type { PasswordErrorCode } from '../credentials/password-error-codes'
import { type Locale, messages } from '../i18n'
import { apiMessages } from '../i18n/api'
import type { FieldErrorCode } from '../identity/fields'

// The words of a field error, for a form's field or a problem document's `errors`
// (docs/bad-input.md); how a Zod issue becomes a field error is src/http/field-errors.ts.

/** Every code a field error carries: the shared fields' (identity/) and the new password's. */
export type ErrorCode = FieldErrorCode | PasswordErrorCode

/** One invalid field: its dotted path ('loginId', 'phone.number'; '' is the body) and why. */
export interface FieldError {
  field: string
  code: ErrorCode
}

/** Where a message is shown: next to a form's field, or in a JSON problem document's `errors`. */
export type Surface = 'form' | 'problem'

type Texts = Partial<Record<ErrorCode, string>>

/** The page catalog's texts of every field a form shows errors next to. */
function formTexts(locale: Locale, field: string): Texts {
  const t = messages(locale)
  const { password, newPassword, newPasswordConfirmation } = t.passwordChange.errors
  const byField: Record<string, Texts> = {
    ...t.errors,
    password,
    newPassword,
    newPasswordConfirmation,
  }
  return byField[field] ?? {}
}

/** Fields of a JSON body that take an object (or either), whose invalid_type says which shape. */
const SHAPED_FIELDS: ReadonlySet<string> = new Set(['', 'phone', 'contact', 'contact.phone'])

/** A problem document's texts for one field, from the page catalog where the field is shared. */
function problemTexts(locale: Locale, field: string): Texts {
  const api = apiMessages(locale).fields
  const errors = messages(locale).errors
  const byField: Record<string, Texts> = {
    '': api.body,
    loginId: errors.loginId,
    name: errors.name,
    phone: api.phone,
    'phone.country': errors.phoneCountry,
    'phone.number': errors.phoneNumber,
    email: errors.email,
    locale: api.locale,
    // The provisioning API's account document (docs/contract.md#accounts-from-the-system-of-record).
    kind: api.account.kind,
    status: api.account.status,
    organizationName: api.account.organizationName,
    contact: api.account.contact,
    'contact.givenName': api.account.name,
    'contact.familyName': api.account.name,
    'contact.phone': api.phone,
    'contact.phone.country': errors.phoneCountry,
    'contact.phone.number': errors.phoneNumber,
    'contact.email': errors.email,
    passwordHash: api.account.passwordHash,
    // The credential verification's password (docs/contract.md#credential-verification).
    password: messages(locale).passwordChange.errors.password,
  }
  const own = byField[field] ?? {}
  return {
    ...own,
    // The page catalog's invalid_type means "a repeated form field"; in JSON it is a wrong type.
    invalid_type: SHAPED_FIELDS.has(field) ? own.invalid_type : api.invalidType,
    unknown_key: api.unknownKey,
    duplicate_key: api.duplicateKey,
  }
}

/**
 * The localized message of one field error where it is shown: in a problem document (the
 * default) or next to a form's field. The one fallback, for a code the field has no text for:
 * the field's `format` text (how to write it), else its `invalid_type` text, else the code.
 *
 * @example
 * fieldMessage('en', { field: 'loginId', code: 'format' }) // 'Enter the login ID as nine digits, …'
 */
export function fieldMessage(
  locale: Locale,
  { field, code }: FieldError,
  surface: Surface = 'problem',
): string {
  const texts = surface === 'form' ? formTexts(locale, field) : problemTexts(locale, field)
  return texts[code] ?? texts.format ?? texts.invalid_type ?? code
}
