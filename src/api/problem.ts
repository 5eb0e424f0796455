import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type Locale, messages } from '../i18n'
import { apiMessages, type ProblemSlug } from '../i18n/api'
import type { FieldError, FieldErrorCode } from '../identity/fields'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** One invalid field of a JSON request, as the `errors` array of a problem document lists it. */
export interface FieldProblem {
  field: string
  code: FieldErrorCode
  message: string
}

/** The problem types' URIs: stable identifiers under the API's path (RFC 9457 `type`). */
export const problemType = (slug: ProblemSlug) => `/api/v1/problems/${slug}`

/** The localized message of one field error, from the page catalog where the field is shared. */
export function fieldMessage(locale: Locale, { field, code }: FieldError): string {
  const api = apiMessages(locale).fields
  if (code === 'unknown_key') return api.unknownKey
  if (code === 'duplicate_key') return api.duplicateKey
  // The page catalog's invalid_type means "a repeated form field"; in JSON it is a wrong type.
  const objectOrString = ['', 'phone', 'contact', 'contact.phone']
  if (code === 'invalid_type' && !objectOrString.includes(field)) return api.invalidType
  const errors = messages(locale).errors
  const byField: Record<string, Partial<Record<FieldErrorCode, string>>> = {
    '': api.body,
    loginId: errors.loginId,
    name: errors.name,
    phone: api.phone,
    'phone.country': errors.phoneCountry,
    'phone.number': errors.phoneNumber,
    email: errors.email,
    locale: api.locale,
    // The provisioning API's account document (SPEC 10).
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
    // The credential verification's password (SPEC 12).
    password: messages(locale).passwordChange.errors.password,
  }
  const texts = byField[field] ?? {}
  return texts[code] ?? texts.format ?? texts.invalid_type ?? code
}

/**
 * An `application/problem+json` answer (RFC 9457) with `type`, `title`, `status`, `detail`, the
 * `errors` array (empty unless fields were invalid) and the request ID.
 */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  slug: ProblemSlug,
  locale: Locale,
  errors: readonly FieldError[] = [],
): Response {
  const text = apiMessages(locale).problems[slug]
  const requestId: string | undefined = c.get('requestId')
  const body = {
    type: problemType(slug),
    title: text.title,
    status,
    detail: text.detail,
    errors: errors.map(
      (error): FieldProblem => ({ ...error, message: fieldMessage(locale, error) }),
    ),
    requestId,
  }
  return c.body(JSON.stringify(body), status, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Content-Language': locale,
  })
}
