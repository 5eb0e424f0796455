import type { Context } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import type * as z from 'zod/mini'
import { fieldMessage, formFieldErrors } from '../../http/field-errors'
import { formValidator, typedValue } from '../../http/form-validator'
import type { Locale } from '../../i18n'
import { messages } from '../../i18n'
import type { AppEnv } from '../../platform/context'
import type { ShownError } from '../../views/form'
import { isCommonPassword } from './blocklist'
import {
  newPasswordForBlocklist,
  PASSWORD_CHANGE_FIELDS,
  passwordChangeForm,
  passwordChangeFormOnBlocklist,
} from './schema'

/**
 * What the form may show again: the login ID as typed, and the password typed in the second
 * field, which the page shows only when no error is about it (views.tsx).
 */
export interface PasswordChangeValues {
  loginId: string
  password?: string
}

export const passwordChangeValues = (raw: unknown): PasswordChangeValues => ({
  loginId: typedValue(raw, 'loginId'),
  password: typedValue(raw, 'password'),
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

const passwordChangeValidator = formValidator({
  values: passwordChangeValues,
  errors: passwordChangeErrors,
})

/**
 * Validates a password change post: an invalid one is counted and gets its form back (422) with
 * the login ID as typed, empty password fields, and one error per field. The blocklist is in D1,
 * which a schema can not wait for, so it is asked first (at most one query, and only for a new
 * password that passes its other rules) and its verdict picks the schema: a common new password
 * gets 'common' in its rules' order, with the other fields' errors, as one schema gave them
 * before. When D1 fails, `onUnavailable` answers.
 */
export function validPasswordChangeForm(
  renderForm: (
    c: Context<AppEnv>,
    values: PasswordChangeValues,
    errors: ShownError[],
  ) => JSX.Element,
  onUnavailable: (c: Context<AppEnv>, error: unknown) => Response | Promise<Response>,
) {
  const validate = passwordChangeValidator('password_change', passwordChangeForm, renderForm)
  const refuseCommon = passwordChangeValidator(
    'password_change',
    passwordChangeFormOnBlocklist,
    renderForm,
  )
  const validPasswordChangeForm: typeof validate = async (c, next) => {
    const newPassword = newPasswordForBlocklist(await c.req.parseBody({ all: true }))
    let common: boolean
    try {
      common = newPassword !== null && (await isCommonPassword(c.get('services').db, newPassword))
    } catch (error) {
      return onUnavailable(c, error)
    }
    return (common ? refuseCommon : validate)(c, next)
  }
  return validPasswordChangeForm
}
