import type * as z from 'zod/mini'
import { formFieldErrors } from '../http/field-errors'
import { formValidator, typedValue } from '../http/form-validator'
import type { Locale } from '../i18n'
import { DEFAULT_COUNTRY } from '../identity/countries'

/** The names the HTML forms post (docs/contract.md#routes), in the order the fields appear on the page. */
export const FORM_FIELDS = ['loginId', 'name', 'phoneCountry', 'phoneNumber', 'email'] as const
export type FormField = (typeof FORM_FIELDS)[number]

/** What the person typed, kept to show the form again. A repeated field shows its first value. */
export type FormValues = Record<FormField, string>

export function formValues(raw: unknown): FormValues {
  const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, typedValue(raw, f)])) as FormValues
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

/**
 * Validates a form post with `schema`; an invalid post is counted as refused (docs/contract.md#security-baseline) and gets its
 * form back (status 422) with the typed values and one localized error
 * per field, rendered by `renderForm`.
 *
 * @example
 * .post('/', validForm('password_initialization', schema, (c, values, errors) => <Page … />), handler)
 */
export const validForm = formValidator<FormValues>({ values: formValues, errors: formErrors })
