import type { MiddlewareHandler } from 'hono'
import type { Child, FC } from 'hono/jsx'
import { LOCALES, messages } from '../i18n'
import type { AppEnv } from '../platform/context'
import { renderPage, usePage } from './page-context'

/** The pages a language link may lead to: the service's own, never a path taken from a request. */
export const PAGE_PATHS: ReadonlySet<string> = new Set([
  '/password/initialize',
  '/password/initialize/sent',
  '/login-id/notify',
  '/login-id/notify/sent',
  '/password/change',
  '/password/change/done',
])

/** Where a language link leads when the page's path is not one of PAGE_PATHS. */
const HOME_PATH = '/password/initialize'

export interface LayoutProps {
  title: string
  /**
   * The page's path, for the language links (they keep the visitor on the same page): one of
   * PAGE_PATHS; anything else links to the password initialization.
   */
  path: string
  /** Shown above the heading: a form's error summary, which also prefixes the title. */
  errorSummary?: Child
  children?: Child
}

/**
 * Renders pages with `c.render(<Page />)`: the doctype, and the request for `usePage()`. A page
 * wraps itself in `Layout`, so its title and path stand beside its content.
 *
 * @example
 * app.use(pages())
 * app.get('/', (c) => c.render(<Layout title="Hello" path="/">…</Layout>))
 */
export const pages = (): MiddlewareHandler<AppEnv> =>
  async function pages(c, next) {
    c.setRenderer((page) => c.html(`<!doctype html>${renderPage(c, page)}`))
    await next()
  }

/**
 * The HTML document every page shares: language, title, stylesheet, language switch; the
 * language and service name are the request's (`usePage()`).
 */
export const Layout: FC<LayoutProps> = ({ title, path, errorSummary, children }) => {
  const { locale, t, serviceName } = usePage()
  // A request's path can make a link to another site (`//host`, `/\thost`): known paths only.
  const samePath = PAGE_PATHS.has(path) ? path : HOME_PATH
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${errorSummary ? t.errorTitlePrefix : ''}${title} | ${serviceName}`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <header class="site-header">
          <span class="service-name">{serviceName}</span>
          <nav aria-label={t.languageSwitch}>
            <ul class="language-switch">
              {LOCALES.map((other) => (
                <li>
                  {other === locale ? (
                    <span aria-current="true" lang={other}>
                      {messages(other).languageName}
                    </span>
                  ) : (
                    <a href={`${samePath}?lang=${other}`} lang={other} hreflang={other}>
                      {messages(other).languageName}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main">
          {errorSummary}
          <h1>{title}</h1>
          {children}
        </main>
        <footer class="site-footer">
          <p>{t.footer(serviceName)}</p>
        </footer>
      </body>
    </html>
  )
}

/** A link to one of the service's pages, in the page's language. */
export const PageLink: FC<{ path: string; children: Child }> = ({ path, children }) => (
  <a href={`${path}?lang=${usePage().locale}`}>{children}</a>
)
