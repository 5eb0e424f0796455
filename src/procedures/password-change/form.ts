import type * as z from 'zod'
import type { Locale } from '../../i18n'
import { messages } from '../../i18n'
import { issueToFieldError } from '../../identity/fields'
import type { ShownError } from '../../views/form'
import { formValidator, formValues } from '../contact-form'
import { PASSWORD_CHANGE_FIELDS, type PasswordChangeField } from './schema'

/** What the form shows again: the login ID as typed. A password is never sent back. */
export interface PasswordChangeValues {
  loginId: string
}

export const passwordChangeValues = (raw: unknown): PasswordChangeValues => ({
  loginId: formValues(raw).loginId,
})

const isPasswordChangeField = (field: unknown): field is PasswordChangeField =>
  (PASSWORD_CHANGE_FIELDS as readonly unknown[]).includes(field)

/** One localized message per invalid field, in page order. */
export function passwordChangeErrors(
  error: { issues: readonly z.core.$ZodIssue[] },
  locale: Locale,
): ShownError[] {
  const firstIssue = new Map<PasswordChangeField, z.core.$ZodIssue>()
  for (const issue of error.issues) {
    const [field] = issue.path
    if (isPasswordChangeField(field) && !firstIssue.has(field)) firstIssue.set(field, issue)
  }
  const t = messages(locale)
  return PASSWORD_CHANGE_FIELDS.flatMap((field) => {
    const issue = firstIssue.get(field)
    if (!issue) return []
    // The login ID is the shared field, with the shared codes; the passwords' codes are their own.
    const [code, texts]: [string, Partial<Record<string, string>>] =
      field === 'loginId'
        ? [issueToFieldError(issue).code, t.errors.loginId]
        : [issue.message, t.passwordChange.errors[field]]
    return [{ field, message: texts[code] ?? texts.invalid_type ?? code }]
  })
}

/** The new password's error when it holds a context word of the account (checked last). */
export const contextWordErrors = (locale: Locale): ShownError[] => [
  {
    field: 'newPassword',
    message: messages(locale).passwordChange.errors.newPassword.contains_context_word,
  },
]

/** The one error a wrong password, an unknown login ID or an inactive account gets. */
export const wrongPasswordErrors = (locale: Locale): ShownError[] => [
  { field: 'password', message: messages(locale).passwordChange.errors.wrongPassword },
]

/**
 * Validates a password change post: an invalid one is audited and gets its form back (422) with
 * the login ID as typed, empty password fields, and one error per field.
 */
export const validPasswordChangeForm = formValidator({
  values: passwordChangeValues,
  errors: passwordChangeErrors,
})
