import * as z from 'zod/mini'
import { LOCALES } from '../i18n/locales'
import { lazy } from '../lazy'
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

/**
 * A Zod issue for a failed check of ours: its code travels in `params.code`, which
 * `src/http/field-errors.ts` reads (the message is the code too, for a person reading the issue).
 *
 * @example
 * ctx.issues.push(codedIssue('format', raw))
 */
export const codedIssue = <const Code extends string>(
  code: Code,
  input: unknown,
  path?: PropertyKey[],
) => ({
  code: 'custom' as const,
  message: code,
  params: { code },
  input,
  path,
})

const NAME_MAX_LENGTH = 100
const EMAIL_MAX_LENGTH = 254
/**
 * Zod's own "practical" e-mail regex (`z.regexes.email`, what `z.email()` uses): ASCII, one @,
 * dotted domain with a TLD. Copied, because reading it from `z.regexes` bundles every one of
 * Zod's regexes; a test pins the copy to Zod's.
 */
export const EMAIL_PATTERN =
  // biome-ignore lint/complexity/noUselessEscapeInRegex: Zod's pattern byte for byte, as the test compares
  /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/

// Every field is built on first use (`lazy`): the form page and most other requests need none.
// A missing value and one of another type are told apart by src/http/field-errors.ts.
const text = lazy(() => z.string())

/** A string field normalized with normalizeText, then checked; `check` returns the error code. */
const normalizedText = (check: (value: string) => FieldErrorCode | undefined) =>
  lazy(() =>
    z.pipe(
      text(),
      z.transform((raw: string, ctx) => {
        const value = normalizeText(raw)
        const code = value === '' ? 'required' : check(value)
        if (code === undefined) return value
        ctx.issues.push(codedIssue(code, raw))
        return z.NEVER
      }),
    ),
  )

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
  if (!EMAIL_PATTERN.test(value)) return 'format'
  return undefined
})

/** ISO 3166 alpha-2 code, output upper-cased. */
export const phoneCountryField = lazy(() =>
  z.pipe(
    text(),
    z.transform((raw: string, ctx) => {
      if (normalizeText(raw) === '') {
        ctx.issues.push(codedIssue('required', raw))
        return z.NEVER
      }
      const country = normalizeCountry(raw)
      if (country !== undefined) return country
      ctx.issues.push(codedIssue('unknown_country', raw))
      return z.NEVER
    }),
  ),
)

/** The number as typed; the procedure schema turns it into E.164 together with the country. */
export const phoneNumberField = normalizedText(() => undefined)

/** One E.164 string, as JSON clients may send it. */
export const e164PhoneField = lazy(() =>
  z.pipe(
    text(),
    z.transform((raw: string, ctx) => {
      const result = normalizeE164(raw)
      if (result.ok) return result.e164
      ctx.issues.push(codedIssue(result.code, raw))
      return z.NEVER
    }),
  ),
)

/** `{ country, number }` in E.164; a key other than these two is an 'unknown_key' error. */
export const phoneObjectField = lazy(() => {
  const parts = z.strictObject({ country: phoneCountryField(), number: phoneNumberField() })
  return z.pipe(
    parts,
    z.transform((phone: z.output<typeof parts>, ctx) => {
      const result: PhoneResult = normalizePhone(phone.country, phone.number)
      if (result.ok) return result.e164
      const path = result.code === 'unknown_country' ? ['country'] : ['number']
      ctx.issues.push(codedIssue(result.code, phone, path))
      return z.NEVER
    }),
  )
})

/** A JSON client's phone: an E.164 string, or `{ country, number }` (docs/contract.md#matching-the-four-fields); output E.164. */
export const phoneJsonField = lazy(() => z.union([e164PhoneField(), phoneObjectField()]))

/** The optional `locale` of a JSON request: the language of the answer's messages. */
export const localeField = lazy(() => z.enum(LOCALES))

/**
 * A JSON request body: exactly these keys (an unknown one is an 'unknown_key' error for that key),
 * and an object at all ('invalid_type' at the root otherwise).
 */
export const strictJsonObject = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.strictObject(shape)
