import type { FC } from 'hono/jsx'
import type { Locale } from '../../i18n'
import { messages } from '../../i18n'
import { ErrorSummary, type ShownError } from '../../views/form'
import { Layout } from '../../views/layout'
import { ContactFields } from '../contact-fields'
import type { FormValues } from '../contact-form'

export const PATH = '/login-id/notify'

interface PageProps {
  locale: Locale
  serviceName: string
}

export const LoginIdNotificationPage: FC<
  PageProps & { values: FormValues; errors: readonly ShownError[] }
> = ({ locale, serviceName, values, errors }) => {
  const page = messages(locale).loginIdNotification
  return (
    <Layout locale={locale} serviceName={serviceName} title={page.title} path={PATH}>
      <ErrorSummary locale={locale} errors={errors} />
      <p>{page.intro}</p>
      <form method="post" action={`${PATH}?lang=${locale}`} novalidate>
        <ContactFields locale={locale} values={values} errors={errors} />
        <button type="submit">{page.submit}</button>
      </form>
      <p>
        {page.toPasswordInitialization}{' '}
        <a href={`/password/initialize?lang=${locale}`}>{page.toPasswordInitializationLink}</a>
      </p>
      <section class="precautions" aria-labelledby="precautions-title">
        <h2 id="precautions-title">{page.precautions.title}</h2>
        <ul>
          {page.precautions.items.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      </section>
    </Layout>
  )
}

/** The one answer every valid submission gets, whatever happened behind it. */
export const LoginIdNotificationSentPage: FC<PageProps> = ({ locale, serviceName }) => {
  const page = messages(locale).loginIdNotification.sent
  return (
    <Layout locale={locale} serviceName={serviceName} title={page.title} path={`${PATH}/sent`}>
      <p>{page.body}</p>
      <p>{page.noMail}</p>
      <p>
        <a href={`/password/initialize?lang=${locale}`}>{page.next}</a>
      </p>
    </Layout>
  )
}
