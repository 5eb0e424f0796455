import type { FC } from 'hono/jsx'
import type { Locale } from '../i18n'
import { messages } from '../i18n'
import { Layout } from './layout'

/** A short page for an answer other than the form: refused, too large, too many, unavailable. */
export const StatusPage: FC<{
  locale: Locale
  serviceName: string
  title: string
  body: string
  /** Where "back to the form" leads; the page's language links lead there too. */
  formPath: string
}> = ({ locale, serviceName, title, body, formPath }) => (
  <Layout locale={locale} serviceName={serviceName} title={title} path={formPath}>
    <p>{body}</p>
    <p>
      <a href={`${formPath}?lang=${locale}`}>{messages(locale).backToForm}</a>
    </p>
  </Layout>
)
