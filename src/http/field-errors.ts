import type * as z from 'zod/mini'
import { type ErrorCode, type FieldError, fieldMessage } from '../api/field-messages'
import { passwordErrorCodes } from '../credentials/password-error-codes'
import type { Locale } from '../i18n'
import { fieldErrorCodes } from '../identity/fields'
import type { ShownError } from '../views/form'
import { failedParse, illFormedTextIssues } from './well-formed-text'

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
