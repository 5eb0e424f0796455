import type * as z from 'zod/mini'
import { fieldMessage, formFieldErrors } from '../../http/field-errors'
import { formValidator, typedValue } from '../../http/form-validator'
import type { Locale } from '../../i18n'
import { messages } from '../../i18n'
import type { ShownError } from '../../views/form'
import { PASSWORD_CHANGE_FIELDS } from './schema'

/** What the form shows again: the login ID as typed. A password is never sent back. */
export interface PasswordChangeValues {
  loginId: string
}

export const passwordChangeValues = (raw: unknown): PasswordChangeValues => ({
  loginId: typedValue(raw, 'loginId'),
})

/** One localized message per invalid field, in page order. */
export const passwordChangeErrors = (
  error: { issues: readonly z.core.$ZodIssue[] },
  locale: Locale,
): ShownError[] => formFieldErrors(error, locale, PASSWORD_CHANGE_FIELDS)

/** The new password's error when it holds a context word of the account (checked last). */
export const contextWordErrors = (locale: Locale): ShownError[] => [
  {
    field: 'newPassword',
    message: fieldMessage(locale, { field: 'newPassword', code: 'contains_context_word' }, 'form'),
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
