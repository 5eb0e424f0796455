import * as z from 'zod'
import { LOCALES } from '../i18n/locales'
import {
  hasControlOrFormatCharacter,
  normalizeCountry,
  normalizeE164,
  normalizePhone,
  normalizeText,
  type PhoneResult,
} from './normalize'

/** Stable error codes; the UI maps each to a localized message. */
export const fieldErrorCodes = [
  'required',
  'invalid_type',
  'format',
  'too_long',
  'no_space',
  'control_characters',
  'not_possible',
  'unknown_country',
  'unknown_key',
  'duplicate_key',
] as const

export type FieldErrorCode = (typeof fieldErrorCodes)[number]

export interface FieldError {
  /** Dotted path of the field, e.g. 'loginId' or 'phone.number'. */
  field: string
  code: FieldErrorCode
}

const NAME_MAX_LENGTH = 100
const EMAIL_MAX_LENGTH = 254

const text = z.string({
  error: (issue) => (issue.input === undefined ? 'required' : 'invalid_type'),
})

/** A string field normalized with normalizeText, then checked; `check` returns the error code. */
const normalizedText = (check: (value: string) => FieldErrorCode | undefined) =>
  text.transform((raw, ctx) => {
    const value = normalizeText(raw)
    const code = value === '' ? 'required' : check(value)
    if (code === undefined) return value
    ctx.issues.push({ code: 'custom', message: code, input: raw })
    return z.NEVER
  })

const codePointLength = (value: string) => [...value].length

export const loginIdField = normalizedText((value) =>
  /^[0-9]{9}$/.test(value) ? undefined : 'format',
)

export const nameField = normalizedText((value) => {
  if (hasControlOrFormatCharacter(value)) return 'control_characters'
  if (codePointLength(value) > NAME_MAX_LENGTH) return 'too_long'
  if (!value.includes(' ')) return 'no_space'
  return undefined
})

export const emailField = normalizedText((value) => {
  if (hasControlOrFormatCharacter(value)) return 'control_characters'
  if (codePointLength(value) > EMAIL_MAX_LENGTH) return 'too_long'
  // Zod's own "practical" e-mail regex (what z.email() uses): ASCII, one @, dotted domain with a TLD.
  if (!z.regexes.email.test(value)) return 'format'
  return undefined
})

/** ISO 3166 alpha-2 code, output upper-cased. */
export const phoneCountryField = text.transform((raw, ctx) => {
  if (normalizeText(raw) === '') {
    ctx.issues.push({ code: 'custom', message: 'required', input: raw })
    return z.NEVER
  }
  const country = normalizeCountry(raw)
  if (country !== undefined) return country
  ctx.issues.push({ code: 'custom', message: 'unknown_country', input: raw })
  return z.NEVER
})

/** The number as typed; the procedure schema turns it into E.164 together with the country. */
export const phoneNumberField = normalizedText(() => undefined)

/** One E.164 string, as JSON clients may send it. */
export const e164PhoneField = text.transform((raw, ctx) => {
  const result = normalizeE164(raw)
  if (result.ok) return result.e164
  ctx.issues.push({ code: 'custom', message: result.code, input: raw })
  return z.NEVER
})

/** `{ country, number }` in E.164; a key other than these two is an 'unknown_key' error. */
export const phoneObjectField = z
  .strictObject(
    { country: phoneCountryField, number: phoneNumberField },
    {
      error: (issue) => {
        if (issue.code === 'unrecognized_keys') return 'unknown_key'
        return issue.input === undefined ? 'required' : 'invalid_type'
      },
    },
  )
  .transform((phone, ctx) => {
    const result: PhoneResult = normalizePhone(phone.country, phone.number)
    if (result.ok) return result.e164
    const path = result.code === 'unknown_country' ? ['country'] : ['number']
    ctx.issues.push({ code: 'custom', message: result.code, input: phone, path })
    return z.NEVER
  })

const isFieldErrorCode = (message: string): message is FieldErrorCode =>
  (fieldErrorCodes as ReadonlyArray<string>).includes(message)

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

function toFieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: dottedPath([...issue.path, key]),
      code: 'unknown_key',
    }))
  }
  const code = isFieldErrorCode(issue.message) ? issue.message : 'invalid_type'
  return [{ field: dottedPath(issue.path), code }]
}

/**
 * The field and code of one Zod issue: an unrecognized key names the key itself (e.g. 'extra',
 * 'phone.extra'), a failed union answers with the branch the input was meant for.
 */
export function issueToFieldError(issue: z.core.$ZodIssue): FieldError {
  const [first] = unionLeaves(issue).flatMap(toFieldErrors)
  return first ?? { field: dottedPath(issue.path), code: 'invalid_type' }
}

/** Every field error behind the issues, one per unknown key. */
export function issuesToFieldErrors(issues: ReadonlyArray<z.core.$ZodIssue>): FieldError[] {
  return issues.flatMap(unionLeaves).flatMap(toFieldErrors)
}

/** A JSON client's phone: an E.164 string, or `{ country, number }` (SPEC 3); output E.164. */
export const phoneJsonField = z.union([e164PhoneField, phoneObjectField])

/** The optional `locale` of a JSON request: the language of the answer's messages. */
export const localeField = z.enum(LOCALES, {
  error: (issue) => (typeof issue.input === 'string' ? 'format' : 'invalid_type'),
})

/**
 * A JSON request body: exactly these keys (an unknown one is an 'unknown_key' error for that key),
 * and an object at all ('invalid_type' at the root otherwise).
 */
export const strictJsonObject = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown_key' : 'invalid_type'),
  })
