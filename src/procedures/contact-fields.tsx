import type { FC } from 'hono/jsx'
import type { Locale } from '../i18n'
import { messages } from '../i18n'
import { PhoneField, type ShownError, TextField } from '../views/form'
import { errorFor, type FormValues } from './contact-form'

/** Name, phone and e-mail of the registered contact: the fields both procedures ask for. */
export const ContactFields: FC<{
  locale: Locale
  values: FormValues
  errors: readonly ShownError[]
}> = ({ locale, values, errors }) => {
  const t = messages(locale).fields
  return (
    <>
      <TextField
        locale={locale}
        name="name"
        label={t.name.label}
        help={t.name.help}
        value={values.name}
        error={errorFor(errors, 'name')}
        autocomplete="name"
        inputmode="text"
        maxlength={200}
      />
      <PhoneField
        locale={locale}
        country={values.phoneCountry}
        number={values.phoneNumber}
        countryError={errorFor(errors, 'phoneCountry')}
        numberError={errorFor(errors, 'phoneNumber')}
      />
      <TextField
        locale={locale}
        name="email"
        type="email"
        label={t.email.label}
        help={t.email.help}
        value={values.email}
        error={errorFor(errors, 'email')}
        autocomplete="email"
        inputmode="email"
        maxlength={320}
        spellcheck={false}
      />
    </>
  )
}
