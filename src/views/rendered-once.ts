import type { Context } from 'hono'
import type { Locale } from '../i18n'
import type { ServiceConfig } from '../platform/config'
import type { AppEnv } from '../platform/context'

/**
 * A GET page whose HTML depends on nothing but the page's language and the settings (a blank
 * form, a confirmation page): rendered on its first request in each language and kept as text, so
 * later requests only send it (docs/performance.md: rendering was most of a page request's own CPU). Headers
 * are the request's own as always (security headers, the `__Host-lang` cookie); only the body is
 * kept. The settings are one object per set of bindings (`readConfig`), so other settings, as
 * tests give, render anew.
 *
 * @example
 * app.get('/', renderedOnce((c) => c.render(<BlankForm />)))
 */
const HTML = 'text/html; charset=UTF-8'

export function renderedOnce(render: (c: Context<AppEnv>) => Response | Promise<Response>) {
  const pages = new WeakMap<ServiceConfig, Map<Locale, Uint8Array<ArrayBuffer>>>()
  return async (c: Context<AppEnv>): Promise<Response> => {
    const config = c.get('services').config
    let byLocale = pages.get(config)
    if (byLocale === undefined) {
      byLocale = new Map()
      pages.set(config, byLocale)
    }
    const locale = c.get('locale')
    let html = byLocale.get(locale)
    if (html === undefined) {
      const response = await render(c)
      // Only a plain page is kept; anything else (an error page) is answered as it is.
      if (response.status !== 200) return response
      html = new Uint8Array(await response.arrayBuffer())
      byLocale.set(locale, html)
    }
    // Kept as its UTF-8 bytes: a body given as text is encoded again on every response (the
    // page is 18 KB, in scripts that are not Latin-1), bytes are only copied. The same type as
    // `c.html()` sends.
    return c.body(html, 200, { 'Content-Type': HTML })
  }
}
