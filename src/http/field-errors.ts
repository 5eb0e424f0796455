import type * as z from 'zod/mini'
import { type Locale, messages } from '../i18n'
import { apiMessages } from '../i18n/api'
import { type FieldErrorCode, fieldErrorCodes } from '../identity/fields'
import { type PasswordErrorCode, passwordErrorCodes } from '../procedures/password-change/schema'
import type { ShownError } from '../views/form'
import { failedParse, illFormedTextIssues } from './well-formed-text'

/** Every code a field error carries: the shared fields' (identity/) and the new password's. */
export type ErrorCode = FieldErrorCode | PasswordErrorCode

/** One invalid field: its dotted path ('loginId', 'phone.number'; '' is the body) and why. */
export interface FieldError {
  field: string
  code: ErrorCode
}

/** Where a message is shown: next to a form's field, or in a JSON problem document's `errors`. */
export type Surface = 'form' | 'problem'

const ERROR_CODES: ReadonlySet<string> = new Set([...fieldErrorCodes, ...passwordErrorCodes])

const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && ERROR_CODES.has(value)

/**
 * Zod's parse option that keeps each issue's input, so that `issueCode` can tell a missing value
 * ('required') from one of another type ('invalid_type'); every parse whose issues become field
 * errors passes it. The issues then hold what was typed, as the validator's `result.data` does
 * anyway: they are read here and never logged or sent back.
 *
 * @example
 * const result = schema.safeParse(input, KEEP_ISSUE_INPUT)
 */
export const KEEP_ISSUE_INPUT = { reportInput: true } as const

/**
 * `zValidator`'s options: refuse text that is not well-formed (a lone surrogate), then validate
 * with KEEP_ISSUE_INPUT, synchronously (no schema of ours is async). Not `safeParseAsync`, zValidator's default: zod/mini's transforms each wait a microtask
 * in an async parse, so a body's issues would come in the order its fields finish, not the order
 * of its keys (docs/performance.md).
 *
 * @example
 * zValidator('json', schema, hook, keepIssueInput<typeof schema>())
 */
export const keepIssueInput = <T extends z.ZodMiniType>() => ({
  validationFunction: (schema: T, value: unknown) => {
    // A lone surrogate is refused before the schema sees it, whatever the field.
    const illFormed = illFormedTextIssues(value)
    // zValidator types the result as a choice between Zod 3 and Zod 4 that TypeScript can not
    // make for a schema type still generic (validInput<T>); this is Zod 4's result.
    if (illFormed.length > 0) return failedParse(illFormed) as never
    return schema.safeParse(value, KEEP_ISSUE_INPUT) as never
  },
})

/**
 * The code of one Zod issue: what our own checks put in `params.code` (`codedIssue`), else the
 * one code each built-in issue stands for. An issue without a code we know is 'invalid_type'.
 */
export function issueCode(issue: z.core.$ZodIssue): ErrorCode {
  const missing = 'input' in issue && issue.input === undefined
  switch (issue.code) {
    case 'custom':
      return isErrorCode(issue.params?.code) ? issue.params.code : 'invalid_type'
    case 'invalid_type':
      return missing ? 'required' : 'invalid_type'
    case 'invalid_value':
      if (typeof issue.input === 'string') return 'format'
      return missing ? 'required' : 'invalid_type'
    case 'too_small':
      // An empty string where one character is the least is a missing value.
      return issue.origin === 'string' && Number(issue.minimum) <= 1 ? 'required' : 'too_short'
    case 'too_big':
      return 'too_long'
    case 'invalid_format':
      return 'format'
    case 'unrecognized_keys':
      return 'unknown_key'
    default:
      return 'invalid_type'
  }
}

const dottedPath = (path: ReadonlyArray<PropertyKey>) => path.map(String).join('.')

/**
 * The issues behind a union's failure, with full paths: those of the first branch that failed
 * for a reason other than the input's type (a phone string without +, a phone object with a bad
 * number), else those of the first branch (so a missing phone stays 'required').
 */
function unionLeaves(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue]
  const isTypeMismatch = (branch: z.core.$ZodIssue[]) =>
    branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0
  const branch = issue.errors.find((errors) => !isTypeMismatch(errors)) ?? issue.errors[0]
  if (branch === undefined || branch.length === 0) return [issue]
  return branch.flatMap((leaf) => unionLeaves({ ...leaf, path: [...issue.path, ...leaf.path] }))
}

function leafFieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: dottedPath([...issue.path, key]),
      code: 'unknown_key',
    }))
  }
  return [{ field: dottedPath(issue.path), code: issueCode(issue) }]
}

/**
 * The field and code of one Zod issue: an unrecognized key names the key itself (e.g. 'extra',
 * 'phone.extra'), a failed union answers with the branch the input was meant for.
 */
export function issueToFieldError(issue: z.core.$ZodIssue): FieldError {
  const [first] = unionLeaves(issue).flatMap(leafFieldErrors)
  return first ?? { field: dottedPath(issue.path), code: 'invalid_type' }
}

/** Every field error behind the issues, in their order, one per unknown key. */
export function issuesToFieldErrors(issues: ReadonlyArray<z.core.$ZodIssue>): FieldError[] {
  return issues.flatMap(unionLeaves).flatMap(leafFieldErrors)
}

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

/**
 * One localized message per invalid field of a form, in the order of `fields` (the page's): the
 * first error of each field, which `formFieldOf` finds from the error's dotted path (by default
 * the path itself). Errors of other paths are not shown.
 *
 * @example
 * formFieldErrors(result.error, 'ja', ['loginId', 'password'])
 */
export function formFieldErrors<F extends string>(
  error: { issues: ReadonlyArray<z.core.$ZodIssue> },
  locale: Locale,
  fields: readonly F[],
  formFieldOf: (path: string) => F | undefined = (path) => fields.find((field) => field === path),
): ShownError[] {
  const firstCode = new Map<F, ErrorCode>()
  for (const { field: path, code } of issuesToFieldErrors(error.issues)) {
    const field = formFieldOf(path)
    if (field !== undefined && !firstCode.has(field)) firstCode.set(field, code)
  }
  return fields.flatMap((field) => {
    const code = firstCode.get(field)
    return code === undefined
      ? []
      : [{ field, message: fieldMessage(locale, { field, code }, 'form') }]
  })
}
