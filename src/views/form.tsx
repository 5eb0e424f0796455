import { raw } from 'hono/html'
import type { FC } from 'hono/jsx'
import type { Locale } from '../i18n'
import { listCountries } from '../identity/countries'
import { usePage } from './page-context'

/** A field's error, already in the page's language. */
export interface ShownError {
  field: string
  message: string
}

/** The errors a form is shown with, as its fields take them. */
export type ShownErrors = readonly ShownError[]

const errorOf = (errors: ShownErrors, field: string) =>
  errors.find((error) => error.field === field)?.message

const describedBy = (...ids: Array<string | false | undefined>) =>
  ids.filter(Boolean).join(' ') || undefined

/**
 * The list of errors above a form's heading, each linking to its field. It takes the focus when
 * the page loads (`autofocus` on a `tabindex="-1"` box, no script), so a screen reader reads it
 * first and the next Tab goes to the first link.
 */
export const ErrorSummary: FC<{ errors: ShownErrors }> = ({ errors }) => {
  const { t } = usePage()
  if (errors.length === 0) return null
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabindex={-1}
      autofocus
    >
      <h2 id="error-summary-title">{t.errorSummaryTitle}</h2>
      <p>{t.errorSummaryCount(errors.length)}</p>
      <ul>
        {errors.map((error) => (
          <li>
            <a href={`#${error.field}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  )
}

/**
 * A field's help, always visible under its label (GOV.UK hint text): no toggle to find it behind,
 * no extra tab stop (docs/journey.md).
 */
const Help: FC<{ id: string; text: string; typeAgain?: string }> = ({ id, text, typeAgain }) => (
  <div id={id} class="hint">
    <p>{text}</p>
    {typeAgain && <p class="type-again">{typeAgain}</p>}
  </div>
)

const FieldError: FC<{ id: string; message?: string }> = ({ id, message }) =>
  message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null

export interface TextFieldProps {
  name: string
  /** The field's texts in the page's language. */
  text: { label: string; help: string }
  value: string
  /** The form's errors: the field shows its own. */
  errors: ShownErrors
  type?: 'text' | 'email' | 'tel' | 'password'
  autocomplete: string
  inputmode?: 'text' | 'numeric' | 'email' | 'tel'
  maxlength?: number
  spellcheck?: boolean
  /** Said under the label when an error emptied the field, so it must be typed again. */
  typeAgain?: string
}

/** A labelled input with its help note and, when invalid, its error and aria-invalid. */
export const TextField: FC<TextFieldProps> = (props) => {
  const error = errorOf(props.errors, props.name)
  return (
    <div class="field">
      <label for={props.name}>{props.text.label}</label>
      <Help id={`${props.name}-help`} text={props.text.help} typeAgain={props.typeAgain} />
      <FieldError id={`${props.name}-error`} message={error} />
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        spellcheck={props.spellcheck}
        required
        aria-required="true"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(`${props.name}-help`, error && `${props.name}-error`)}
      />
    </div>
  )
}

interface RenderedOption {
  code: string
  plain: string
  selected: string
}
const renderedOptions = new Map<Locale, ReadonlyArray<RenderedOption>>()

/**
 * The country selector's 245 `<option>`s, rendered once per locale, each also in its selected
 * form: rendering them was most of a form page's CPU (docs/performance.md). The markup is the same as
 * rendering the elements every time.
 */
const countryOptions = (locale: Locale, country: string) => {
  let options = renderedOptions.get(locale)
  if (options === undefined) {
    options = listCountries(locale).map(({ code, name, callingCode }) => {
      const label = `${name} (+${callingCode})`
      return {
        code,
        plain: String(<option value={code}>{label}</option>),
        selected: String(
          <option value={code} selected>
            {label}
          </option>,
        ),
      }
    })
    renderedOptions.set(locale, options)
  }
  return raw(
    options.map((option) => (option.code === country ? option.selected : option.plain)).join(''),
  )
}

export interface PhoneFieldProps {
  country: string
  number: string
  errors: ShownErrors
}

/** Country/region (with calling code, Japan first) and the number, grouped under one legend. */
export const PhoneField: FC<PhoneFieldProps> = ({ country, number, errors }) => {
  const { locale, t: texts } = usePage()
  const t = texts.fields.phone
  const countryError = errorOf(errors, 'phoneCountry')
  const numberError = errorOf(errors, 'phoneNumber')
  return (
    <div class="field">
      <fieldset aria-describedby="phone-help">
        <legend>{t.legend}</legend>
        <Help id="phone-help" text={t.help} />
        <div class="phone-row">
          <div>
            <label for="phoneCountry">{t.countryLabel}</label>
            <FieldError id="phoneCountry-error" message={countryError} />
            <select
              id="phoneCountry"
              name="phoneCountry"
              autocomplete="tel-country-code"
              aria-invalid={countryError ? 'true' : undefined}
              aria-describedby={describedBy('phone-help', countryError && 'phoneCountry-error')}
            >
              {countryOptions(locale, country)}
            </select>
          </div>
          <div>
            <label for="phoneNumber">{t.numberLabel}</label>
            <p id="phoneNumber-hint" class="hint">
              {t.numberHint}
            </p>
            <FieldError id="phoneNumber-error" message={numberError} />
            <input
              id="phoneNumber"
              name="phoneNumber"
              type="tel"
              value={number}
              autocomplete="tel-national"
              inputmode="tel"
              maxlength={32}
              required
              aria-required="true"
              aria-invalid={numberError ? 'true' : undefined}
              aria-describedby={describedBy(
                'phone-help',
                'phoneNumber-hint',
                numberError && 'phoneNumber-error',
              )}
            />
          </div>
        </div>
      </fieldset>
    </div>
  )
}

/** The nine-digit login ID, as both the password initialization and the change ask for it. */
export const LoginIdField: FC<{ value: string; errors: ShownErrors }> = ({ value, errors }) => (
  <TextField
    name="loginId"
    text={usePage().t.fields.loginId}
    value={value}
    errors={errors}
    autocomplete="username"
    inputmode="numeric"
    maxlength={32}
    spellcheck={false}
  />
)
