import { raw } from 'hono/html'
import type { Child, FC } from 'hono/jsx'
import { LOCALES, type Locale, messages } from '../i18n'

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
  locale: Locale
  serviceName: string
  title: string
  /**
   * The page's path, for the language links (they keep the visitor on the same page): one of
   * PAGE_PATHS; anything else links to the password initialization.
   */
  path: string
  children?: Child
}

/** The HTML document every page shares: language, title, stylesheet, language switch. */
export const Layout: FC<LayoutProps> = ({ locale, serviceName, title, path, children }) => {
  const t = messages(locale)
  // A request's path can make a link to another site (`//host`, `/\thost`): known paths only.
  const samePath = PAGE_PATHS.has(path) ? path : HOME_PATH
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{`${title} | ${serviceName}`}</title>
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
            <h1>{title}</h1>
            {children}
          </main>
          <footer class="site-footer">
            <p>{t.footer(serviceName)}</p>
          </footer>
        </body>
      </html>
    </>
  )
}
