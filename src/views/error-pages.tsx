import type { FC } from 'hono/jsx'
import { Layout, PageLink } from './layout'
import { usePage } from './page-context'

/** 404 for a page that is not the service's; it leads back to the password initialization. */
export const NotFoundPage: FC = () => {
  const t = usePage().t.notFound
  return (
    <Layout title={t.title} path="/password/initialize">
      <p>{t.body}</p>
      <p>
        <PageLink path="/password/initialize">{t.back}</PageLink>
      </p>
    </Layout>
  )
}

/** 500: whatever broke, the visitor sees this and no detail. */
export const ServerErrorPage: FC = () => {
  const t = usePage().t.serverError
  return (
    <Layout title={t.title} path="/">
      <p>{t.body}</p>
    </Layout>
  )
}
