import type { FC } from 'hono/jsx'
import { Layout, PageLink } from './layout'
import { usePage } from './page-context'

/** A short page for an answer other than the form: refused, too large, too many, unavailable. */
export const StatusPage: FC<{
  title: string
  body: string
  /** Where "back to the form" leads; the page's language links lead there too. */
  formPath: string
}> = ({ title, body, formPath }) => (
  <Layout title={title} path={formPath}>
    <p>{body}</p>
    <p>
      <PageLink path={formPath}>{usePage().t.backToForm}</PageLink>
    </p>
  </Layout>
)
