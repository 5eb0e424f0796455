import type { FC } from 'hono/jsx'
import type { Locale } from '../../i18n'
import { messages } from '../../i18n'
import { ErrorSummary, LoginIdField, type ShownError, TextField } from '../../views/form'
import { Layout } from '../../views/layout'
import type { PasswordChangeValues } from './form'
import type { PasswordChangeField } from './schema'

export const PATH = '/password/change'

interface PageProps {
  locale: Locale
  serviceName: string
}

const errorFor = (errors: readonly ShownError[], field: PasswordChangeField) =>
  errors.find((e) => e.field === field)?.message

/**
 * The password change form. Only the login ID is ever filled in again: the password fields are
 * always empty, whatever was posted.
 */
export const PasswordChangePage: FC<
  PageProps & { values: PasswordChangeValues; errors: readonly ShownError[] }
> = ({ locale, serviceName, values, errors }) => {
  const t = messages(locale)
  const page = t.passwordChange
  const passwordFields = [
    { name: 'password', autocomplete: 'current-password' },
    { name: 'newPassword', autocomplete: 'new-password' },
    { name: 'newPasswordConfirmation', autocomplete: 'new-password' },
  ] as const
  return (
    <Layout locale={locale} serviceName={serviceName} title={page.title} path={PATH}>
      <ErrorSummary locale={locale} errors={errors} />
      <p>{page.intro}</p>
      <form method="post" action={`${PATH}?lang=${locale}`} novalidate>
        <LoginIdField locale={locale} value={values.loginId} error={errorFor(errors, 'loginId')} />
        {passwordFields.map(({ name, autocomplete }) => (
          <TextField
            locale={locale}
            name={name}
            type="password"
            label={page.fields[name].label}
            help={page.fields[name].help}
            value=""
            error={errorFor(errors, name)}
            autocomplete={autocomplete}
            spellcheck={false}
          />
        ))}
        <button type="submit">{page.submit}</button>
      </form>
      <p>
        {page.toPasswordInitialization}{' '}
        <a href={`/password/initialize?lang=${locale}`}>{page.toPasswordInitializationLink}</a>
      </p>
    </Layout>
  )
}

/** The answer to a change that was made: the new password is in effect (there is no login page here). */
export const PasswordChangedPage: FC<PageProps> = ({ locale, serviceName }) => {
  const page = messages(locale).passwordChange.changed
  return (
    <Layout locale={locale} serviceName={serviceName} title={page.title} path={PATH}>
      <p>{page.body}</p>
      <p>{page.mail}</p>
    </Layout>
  )
}
