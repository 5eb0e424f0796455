import { type Hook, zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import type * as z from 'zod'
import { formFieldErrors, keepIssueInput } from '../http/field-errors'
import { refuseInvalid } from '../http/submission'
import type { Locale } from '../i18n'
import { DEFAULT_COUNTRY } from '../identity/countries'
import type { Procedure } from '../platform/audit'
import type { AppEnv } from '../platform/context'
import type { ShownError } from '../views/form'

/** The names the HTML forms post (SPEC 7), in the order the fields appear on the page. */
export const FORM_FIELDS = ['loginId', 'name', 'phoneCountry', 'phoneNumber', 'email'] as const
export type FormField = (typeof FORM_FIELDS)[number]

/** What the person typed, kept to show the form again. A repeated field shows its first value. */
export type FormValues = Record<FormField, string>

export function formValues(raw: unknown): FormValues {
  const source = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const pick = (field: FormField): string => {
    const value = source[field]
    const first = Array.isArray(value) ? value[0] : value
    return typeof first === 'string' ? first : ''
  }
  const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, pick(f)])) as FormValues
  if (values.phoneCountry === '') values.phoneCountry = DEFAULT_COUNTRY
  return values
}

/**
 * Moves the form's `phoneCountry` and `phoneNumber` into the `phone: {country, number}` object
 * the shared Zod schemas validate, so every field is checked even when another one failed.
 */
export function phoneFromFormFields(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw
  const { phoneCountry, phoneNumber, ...rest } = raw as Record<string, unknown>
  return { ...rest, phone: { country: phoneCountry, number: phoneNumber } }
}

const formFieldOf = (path: string): FormField | undefined => {
  if (path === 'phone.country') return 'phoneCountry'
  if (path === 'phone.number' || path === 'phone') return 'phoneNumber'
  return FORM_FIELDS.find((field) => field === path)
}

/** One localized message per invalid field, in page order. */
export const formErrors = (error: { issues: readonly z.core.$ZodIssue[] }, locale: Locale) =>
  formFieldErrors(error, locale, FORM_FIELDS, formFieldOf)

/** How a form that failed validation is shown again: the values it keeps, and its errors. */
export interface FormRedisplay<V> {
  values: (raw: unknown) => V
  errors: (error: { issues: readonly z.core.$ZodIssue[] }, locale: Locale) => ShownError[]
}

/**
 * Makes a `validForm` for a form whose fields `redisplay` knows (the contact forms' below).
 *
 * @example
 * const validPasswordChangeForm = formValidator({ values: (raw) => …, errors: (error, locale) => … })
 */
export const formValidator =
  <V>(redisplay: FormRedisplay<V>) =>
  <T extends z.ZodType>(
    procedure: Procedure,
    schema: T,
    renderForm: (c: Context<AppEnv>, values: V, errors: ShownError[]) => JSX.Element,
  ) => {
    const hook: Hook<z.output<T>, AppEnv, string, 'form', object, T> = async (result, c) => {
      if (result.success) return
      await refuseInvalid(c, procedure)
      c.status(422)
      return c.render(
        renderForm(
          c,
          redisplay.values(result.data),
          redisplay.errors(result.error, c.get('locale')),
        ),
      )
    }
    return zValidator<T, 'form', AppEnv, string, typeof hook>(
      'form',
      schema,
      hook,
      keepIssueInput<T>(),
    )
  }

/**
 * Validates a form post with `schema`; an invalid post is counted as refused (SPEC 9) and gets its
 * form back (status 422) with the typed values and one localized error
 * per field, rendered by `renderForm`.
 *
 * @example
 * .post('/', validForm('password_initialization', schema, (c, values, errors) => <Page … />), handler)
 */
export const validForm = formValidator<FormValues>({ values: formValues, errors: formErrors })
