import type { Context } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import type * as z from 'zod/mini'
import { contextWordsIn } from '../../credentials/context-words'
import { formFieldErrors } from '../../http/field-errors'
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
  passwordChangeFormWithServiceName,
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

/**
 * The one error a wrong password, an unknown login ID, an inactive account, and a new password
 * holding the account's name or e-mail address get (docs/passwords.md).
 */
export const wrongPasswordErrors = (locale: Locale): ShownError[] => [
  { field: 'password', message: messages(locale).passwordChange.errors.wrongPassword },
]

const passwordChangeValidator = formValidator({
  values: passwordChangeValues,
  errors: passwordChangeErrors,
})

/**
 * Validates a password change post: an invalid one is counted and gets its form back (422) with
 * the login ID as typed, empty password fields, and one error per field. The service's name is
 * configuration and the blocklist is in D1, which a schema can not wait for, so both are asked
 * first (the blocklist with at most one query, and only for a new password that passes its other
 * rules and holds no word of the service's name) and the verdict picks the schema: such a new
 * password gets its error in its rules' order, with the other fields' errors, as one schema gave
 * them before. When D1 fails, `onUnavailable` answers.
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
  const refuseServiceName = passwordChangeValidator(
    'password_change',
    passwordChangeFormWithServiceName,
    renderForm,
  )
  const validPasswordChangeForm: typeof validate = async (c, next) => {
    const newPassword = newPasswordForBlocklist(await c.req.parseBody({ all: true }))
    if (newPassword === null) return validate(c, next)
    const { db, config } = c.get('services')
    // Words anyone can know are refused before the password is checked (docs/passwords.md).
    if (contextWordsIn(newPassword, { serviceName: config.serviceName }).length > 0) {
      return refuseServiceName(c, next)
    }
    let common: boolean
    try {
      common = await isCommonPassword(db, newPassword)
    } catch (error) {
      return onUnavailable(c, error)
    }
    return (common ? refuseCommon : validate)(c, next)
  }
  return validPasswordChangeForm
}
