import type { FC } from 'hono/jsx'
import { LoginIdField, type ShownErrors, TextField } from '../../views/form'
import { FormPage } from '../../views/form-page'
import { Layout } from '../../views/layout'
import { usePage } from '../../views/page-context'
import { PASSWORD_TOGGLE_SRC } from '../../views/password-toggle'
import { seeAlsoPasswordInitialization } from '../password-initialization/views'
import type { PasswordChangeValues } from './form'
import { NEW_PASSWORD_MAX_LENGTH, NEW_PASSWORD_MIN_LENGTH } from './schema'

export const PATH = '/password/change'

const PASSWORD_FIELDS = [
  { name: 'password', autocomplete: 'current-password' },
  { name: 'newPassword', autocomplete: 'new-password' },
  { name: 'newPasswordConfirmation', autocomplete: 'new-password' },
] as const

/**
 * The password change form. The login ID is filled in again; the initialized (or current)
 * password too, but only when no error is about it, so a wrong one is never sent back; the new
 * password fields are always empty, and after an error each empty one says to type it again.
 */
export const PasswordChangePage: FC<{ values: PasswordChangeValues; errors: ShownErrors }> = ({
  values,
  errors,
}) => {
  const page = usePage().t.passwordChange
  const texts = {
    ...page.fields,
    newPassword: {
      label: page.fields.newPassword.label,
      // The same constants as the validator's (schema.ts), so the hint can not drift from it.
      help: page.fields.newPassword.help(NEW_PASSWORD_MIN_LENGTH, NEW_PASSWORD_MAX_LENGTH),
    },
  }
  const kept = {
    password:
      errors.length > 0 && !errors.some((error) => error.field === 'password')
        ? (values.password ?? '')
        : '',
    newPassword: '',
    newPasswordConfirmation: '',
  }
  return (
    <FormPage text={page} path={PATH} errors={errors} seeAlso={seeAlsoPasswordInitialization(page)}>
      <LoginIdField value={values.loginId} errors={errors} />
      {PASSWORD_FIELDS.map(({ name, autocomplete }) => (
        <TextField
          name={name}
          type="password"
          text={texts[name]}
          value={kept[name]}
          typeAgain={errors.length > 0 && kept[name] === '' ? page.typeAgain : undefined}
          errors={errors}
          autocomplete={autocomplete}
          spellcheck={false}
        />
      ))}
      {/* Optional: adds a show/hide button to each password field (docs/journey.md). */}
      <script src={PASSWORD_TOGGLE_SRC} defer data-show={page.show} data-hide={page.hide} />
    </FormPage>
  )
}

/** The answer to a change that was made: the new password is in effect (sign-in is the member site's). */
export const PasswordChangedPage: FC<{ signInUrl: URL | null }> = ({ signInUrl }) => {
  const page = usePage().t.passwordChange.changed
  return (
    <Layout title={page.title} path={PATH}>
      <p>{page.body}</p>
      <p>{page.mail}</p>
      {/* The member site's sign-in, when SIGN_IN_URL is set (docs/journey.md): no dead end. */}
      {signInUrl && (
        <p>
          <a href={signInUrl.href}>{page.signIn}</a>
        </p>
      )}
    </Layout>
  )
}
