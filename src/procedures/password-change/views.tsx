import type { FC } from 'hono/jsx'
import { LoginIdField, type ShownErrors, TextField } from '../../views/form'
import { FormPage } from '../../views/form-page'
import { Layout } from '../../views/layout'
import { usePage } from '../../views/page-context'
import { seeAlsoPasswordInitialization } from '../password-initialization/views'
import type { PasswordChangeValues } from './form'

export const PATH = '/password/change'

const PASSWORD_FIELDS = [
  { name: 'password', autocomplete: 'current-password' },
  { name: 'newPassword', autocomplete: 'new-password' },
  { name: 'newPasswordConfirmation', autocomplete: 'new-password' },
] as const

/**
 * The password change form. Only the login ID is ever filled in again: the password fields are
 * always empty, whatever was posted.
 */
export const PasswordChangePage: FC<{ values: PasswordChangeValues; errors: ShownErrors }> = ({
  values,
  errors,
}) => {
  const page = usePage().t.passwordChange
  return (
    <FormPage text={page} path={PATH} errors={errors} seeAlso={seeAlsoPasswordInitialization(page)}>
      <LoginIdField value={values.loginId} errors={errors} />
      {PASSWORD_FIELDS.map(({ name, autocomplete }) => (
        <TextField
          name={name}
          type="password"
          text={page.fields[name]}
          value=""
          errors={errors}
          autocomplete={autocomplete}
          spellcheck={false}
        />
      ))}
    </FormPage>
  )
}

/** The answer to a change that was made: the new password is in effect (there is no login page here). */
export const PasswordChangedPage: FC = () => {
  const page = usePage().t.passwordChange.changed
  return (
    <Layout title={page.title} path={PATH}>
      <p>{page.body}</p>
      <p>{page.mail}</p>
    </Layout>
  )
}
