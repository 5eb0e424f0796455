import { useRequestContext } from 'hono/jsx-renderer'
import { DEFAULT_LOCALE, type Locale, type Messages, messages } from '../i18n'
import type { ServiceConfig } from '../platform/config'
import type { AppEnv } from '../platform/context'

export interface PageContext {
  locale: Locale
  /** The page texts in `locale`. */
  t: Messages
  serviceName: string
}

/**
 * What a page reads from the request it answers (hono/jsx-renderer's `useRequestContext`, so
 * rendered through `c.render`): its language, texts and the service's name. A 500 page may be
 * rendered before the settings could be read (a missing secret): the raw var names the service.
 */
export function usePage(): PageContext {
  const c = useRequestContext<AppEnv>()
  const locale = c.get('locale') ?? DEFAULT_LOCALE
  const config = c.get('config') as ServiceConfig | undefined
  return {
    locale,
    t: messages(locale),
    serviceName: config?.serviceName ?? c.env.SERVICE_NAME,
  }
}
