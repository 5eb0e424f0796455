import * as z from 'zod/mini'
import { foldInitializedPassword } from '../../credentials/generate'
import type { PasswordErrorCode } from '../../credentials/password-error-codes'
import { codedIssue, loginIdField } from '../../identity/fields'
import { hasControlOrFormatCharacter } from '../../identity/normalize'
import { lazy } from '../../lazy'

/** docs/contract.md#password-change: a new password has 15 to 128 characters, counted after NFKC (SP 800-63B-4 3.1.1.2). */
export const NEW_PASSWORD_MIN_LENGTH = 15
export const NEW_PASSWORD_MAX_LENGTH = 128

/** The names the form posts (docs/contract.md#routes), in the order the fields appear on the page. */
export const PASSWORD_CHANGE_FIELDS = [
  'loginId',
  'password',
  'newPassword',
  'newPasswordConfirmation',
] as const
export type PasswordChangeField = (typeof PASSWORD_CHANGE_FIELDS)[number]

/**
 * A password field: NFKC-normalized, as hashing does, but never trimmed or folded (its spaces
 * are part of it); then checked, `check` returning the error code.
 */
const passwordField = (check: (password: string) => PasswordErrorCode | undefined) =>
  z.pipe(
    z.string(),
    z.transform((typed: string, ctx) => {
      const password = typed.normalize('NFKC')
      const code = password.trim() === '' ? 'required' : check(password)
      if (code === undefined) return password
      // The typed password is kept out of the issue.
      ctx.issues.push(codedIssue(code, undefined))
      return z.NEVER
    }),
  )

const characterCount = (value: string) => [...value].length

/**
 * What the rules that need the configuration or D1 said of a new password that passes the
 * others, looked up before the form is validated (form.ts): a word of the service's name, or on
 * the blocklist. Undefined when neither.
 */
export type NewPasswordVerdict = 'contains_context_word' | 'common' | undefined

/** The new password's own rules, in order; the last is the verdict looked up outside. */
const newPasswordField = (verdict: NewPasswordVerdict) =>
  passwordField((password) => {
    if (hasControlOrFormatCharacter(password)) return 'control_characters'
    if (characterCount(password) < NEW_PASSWORD_MIN_LENGTH) return 'too_short'
    if (characterCount(password) > NEW_PASSWORD_MAX_LENGTH) return 'too_long'
    return verdict
  })

const newPasswordAlone = lazy(() => newPasswordField(undefined))

/**
 * The new password of a posted form (NFKC-normalized) when it passes every rule but the
 * verdict's: what the service name and the blocklist are compared with. Null when a rule already refuses it, as then the
 * blocklist's verdict changes no error.
 */
export function newPasswordForBlocklist(form: unknown): string | null {
  if (typeof form !== 'object' || form === null || !('newPassword' in form)) return null
  const result = newPasswordAlone().safeParse(form.newPassword)
  return result.success ? result.data : null
}

/**
 * Whether the new password is the entered one, also when typed in another case or grouping: an
 * initialized password verifies so folded (docs/journey.md), so the e-mailed secret must not become
 * the long-term password that way either (ASVS 6.4.1). For a current password it refuses a new one
 * that differs only in case, spaces or hyphens.
 */
const sameOnceFolded = (newPassword: string, password: string) =>
  newPassword === password ||
  foldInitializedPassword(newPassword) === foldInitializedPassword(password)

/**
 * The checks that compare fields. They run even when a field failed its own check; such a field
 * holds no string here, so only valid values are compared.
 */
function crossFieldErrors(form: unknown): Array<[PasswordChangeField, PasswordErrorCode]> {
  if (typeof form !== 'object' || form === null) return []
  const {
    loginId,
    password,
    newPassword,
    newPasswordConfirmation,
  }: Partial<Record<PasswordChangeField, unknown>> = form
  if (typeof newPassword !== 'string') return []
  const errors: Array<[PasswordChangeField, PasswordErrorCode]> = []
  if (typeof loginId === 'string' && newPassword.includes(loginId)) {
    errors.push(['newPassword', 'contains_login_id'])
  } else if (typeof password === 'string' && sameOnceFolded(newPassword, password)) {
    errors.push(['newPassword', 'same_as_password'])
  }
  if (typeof newPasswordConfirmation === 'string' && newPasswordConfirmation !== newPassword) {
    errors.push(['newPasswordConfirmation', 'mismatch'])
  }
  return errors
}

/**
 * The form post (docs/contract.md#password-change, #routes): loginId, password (the initialized or current one), newPassword
 * and newPasswordConfirmation; other fields ignored. Every rule on the new password is checked
 * here, before any account or initialized password is looked at; the blocklist's as its verdict.
 */
const passwordChangeSchema = (verdict: NewPasswordVerdict) =>
  z
    .object({
      loginId: loginIdField(),
      password: passwordField(() => undefined),
      newPassword: newPasswordField(verdict),
      newPasswordConfirmation: passwordField(() => undefined),
    })
    .check(
      z.superRefine(
        (form, ctx) => {
          for (const [field, code] of crossFieldErrors(form)) {
            ctx.addIssue(codedIssue(code, undefined, [field]))
          }
        },
        // Also when a field failed, so that every error shows at once.
        { when: () => true },
      ),
    )

/** The form post whose new password holds no word of the service's name and is not common. */
export const passwordChangeForm = lazy(() => passwordChangeSchema(undefined))

/**
 * The form post whose new password is on the blocklist: it never passes, and its errors are the
 * ones the post gets ('common' for the new password, with those of the other fields).
 */
export const passwordChangeFormOnBlocklist = lazy(() => passwordChangeSchema('common'))

/** The form post whose new password holds a word of the service's name: it never passes either. */
export const passwordChangeFormWithServiceName = lazy(() =>
  passwordChangeSchema('contains_context_word'),
)

/** A valid request: the login ID normalized, the passwords NFKC-normalized. */
export type PasswordChangeRequest = z.infer<ReturnType<typeof passwordChangeForm>>
