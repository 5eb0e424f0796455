import type { FC } from 'hono/jsx'
import { PhoneField, type ShownErrors, TextField } from '../views/form'
import { usePage } from '../views/page-context'
import type { FormValues } from './contact-form'

/** How the name and e-mail inputs are typed, filled in by browsers and bounded. */
const INPUTS = {
  name: { autocomplete: 'name', inputmode: 'text', maxlength: 200 },
  email: {
    type: 'email',
    autocomplete: 'email',
    inputmode: 'email',
    maxlength: 320,
    spellcheck: false,
  },
} as const

/** Name, phone and e-mail of the registered contact: the fields both procedures ask for. */
export const ContactFields: FC<{ values: FormValues; errors: ShownErrors }> = ({
  values,
  errors,
}) => {
  const t = usePage().t.fields
  const textField = (name: keyof typeof INPUTS) => (
    <TextField name={name} text={t[name]} value={values[name]} errors={errors} {...INPUTS[name]} />
  )
  return (
    <>
      {textField('name')}
      <PhoneField country={values.phoneCountry} number={values.phoneNumber} errors={errors} />
      {textField('email')}
    </>
  )
}
