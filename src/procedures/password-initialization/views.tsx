import type { FC } from 'hono/jsx'
import type { Locale } from '../../i18n'
import { messages } from '../../i18n'
import { ErrorSummary, LoginIdField, type ShownError } from '../../views/form'
import { Layout } from '../../views/layout'
import { ContactFields } from '../contact-fields'
import { errorFor, type FormValues } from '../contact-form'

export const PATH = '/password/initialize'

interface PageProps {
  locale: Locale
  serviceName: string
}

/** Two lists of precautions, for individual and for company/organization accounts (the seed). */
const Precautions: FC<{ locale: Locale }> = ({ locale }) => {
  const t = messages(locale).passwordInitialization.precautions
  return (
    <section class="precautions" aria-labelledby="precautions-title">
      <h2 id="precautions-title">{t.title}</h2>
      <p>{t.intro}</p>
      {[t.individual, t.organization].map((group) => (
        <>
          <h3>{group.title}</h3>
          <ul>
            {group.items.map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        </>
      ))}
    </section>
  )
}

export const PasswordInitializationPage: FC<
  PageProps & { values: FormValues; errors: readonly ShownError[] }
> = ({ locale, serviceName, values, errors }) => {
  const t = messages(locale)
  const page = t.passwordInitialization
  return (
    <Layout locale={locale} serviceName={serviceName} title={page.title} path={PATH}>
      <ErrorSummary locale={locale} errors={errors} />
      <p>{page.intro}</p>
      <form method="post" action={`${PATH}?lang=${locale}`} novalidate>
        <LoginIdField locale={locale} value={values.loginId} error={errorFor(errors, 'loginId')} />
        <ContactFields locale={locale} values={values} errors={errors} />
        <button type="submit">{page.submit}</button>
      </form>
      <p>
        {page.forgotLoginId}{' '}
        <a href={`/login-id/notify?lang=${locale}`}>{page.forgotLoginIdLink}</a>
      </p>
      <Precautions locale={locale} />
    </Layout>
  )
}

/** The one answer every valid submission gets, whatever happened behind it. */
export const PasswordInitializationSentPage: FC<PageProps & { ttlMinutes: number }> = ({
  locale,
  serviceName,
  ttlMinutes,
}) => {
  const page = messages(locale).passwordInitialization.sent
  return (
    <Layout locale={locale} serviceName={serviceName} title={page.title} path={`${PATH}/sent`}>
      <p>{page.body}</p>
      <p>{page.validity(ttlMinutes)}</p>
      <p>{page.noMail}</p>
      <p>
        <a href={`${PATH}?lang=${locale}`}>{page.again}</a>
      </p>
    </Layout>
  )
}
