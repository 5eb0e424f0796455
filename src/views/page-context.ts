import type { Context } from 'hono'
import { DEFAULT_LOCALE, type Locale, type Messages, messages } from '../i18n'
import { rawServiceName } from '../platform/config'
import type { AppEnv, ServiceContext, TurnstileWidget } from '../platform/context'

export interface PageContext {
  locale: Locale
  /** The page texts in `locale`. */
  t: Messages
  serviceName: string
  /** The Turnstile widget, on a challenged form's answer only (docs/operations.md#bot-check-turnstile). */
  challenge: TurnstileWidget | undefined
}

/** The request whose page is being rendered: set by `renderPage` for one synchronous render. */
let rendering: Context<AppEnv> | undefined

/**
 * The page as HTML, rendered for `c` so that its components can call `usePage()`. Our components
 * are synchronous, so the whole tree is rendered before this returns and no other request's
 * render can interleave; an asynchronous component would escape the request's scope and is
 * refused. (hono/jsx-renderer does the same with a JSX context, but it loads all of hono/jsx,
 * the browser renderer and hooks too: about 20 KB of the bundle, docs/performance.md#bundle.)
 */
export function renderPage(c: Context<AppEnv>, page: unknown): string {
  const outer = rendering
  rendering = c
  try {
    const html: unknown = (page as { toString(): unknown }).toString()
    if (typeof html === 'string' || html instanceof String) return String(html)
    throw new Error('a page rendered asynchronously')
  } finally {
    rendering = outer
  }
}

/**
 * What a page reads from the request it answers (rendered through `c.render`, `renderPage`): its
 * language, texts and the service's name. A 500 page may be rendered before the settings could
 * be read (a missing secret): the raw var names the service.
 */
export function usePage(): PageContext {
  const c = rendering
  if (c === undefined) throw new Error('usePage() outside a page render')
  const locale = c.get('locale') ?? DEFAULT_LOCALE
  const services = c.get('services') as ServiceContext | undefined
  return {
    locale,
    t: messages(locale),
    serviceName: services?.config.serviceName ?? rawServiceName(c.env),
    challenge: c.get('challenge'),
  }
}
