import { Hono } from 'hono'
import { apiLocale } from './api/locale'
import { problem } from './api/problem'
import { apiRoutes } from './api/routes'
import { messages } from './i18n'
import { identifyClient } from './platform/client'
import { readConfig } from './platform/config'
import { type AppEnv, createDatabase, type Dependencies } from './platform/context'
import { healthRoutes } from './platform/health'
import { negotiateLocale } from './platform/locale'
import { assignRequestId, errorKind, log, requestLog } from './platform/log'
import { cloudflareMailer } from './platform/mailer'
import { securityHeaders } from './platform/security-headers'
import { loginIdNotificationRoutes } from './procedures/login-id-notification/routes'
import { passwordChangeRoutes } from './procedures/password-change/routes'
import { passwordInitializationRoutes } from './procedures/password-initialization/routes'
import { Layout } from './views/layout'
import { SITE_CSS } from './views/styles'

/** JSON clients get JSON, whatever goes wrong: never an HTML page or a stack trace. */
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/')

const defaultDependencies: Dependencies = {
  mailer: (env) => cloudflareMailer(env.EMAIL, { email: env.MAIL_FROM, name: env.SERVICE_NAME }),
  now: () => Date.now(),
}

/**
 * The whole service: shared middleware, then one sub-app per procedure. Tests pass their own
 * mailer and clock; production uses the Email Service binding and the system clock.
 */
export function createApp(overrides: Partial<Dependencies> = {}) {
  const deps: Dependencies = { ...defaultDependencies, ...overrides }
  const app = new Hono<AppEnv>()

  app.use(assignRequestId())
  app.use(requestLog())
  app.use(securityHeaders())
  app.use(negotiateLocale())
  app.use(async (c, next) => {
    c.set('config', readConfig(c.env))
    await next()
  })
  app.use(identifyClient((c) => c.env.CLIENT_HASH_KEY))
  app.use(async (c, next) => {
    c.set('services', {
      db: createDatabase(c.env.DB),
      mailer: deps.mailer(c.env),
      now: deps.now,
      config: c.get('config'),
      requestId: c.get('requestId'),
      client: c.get('client'),
    })
    await next()
  })

  app.get('/', (c) => c.redirect('/password/initialize', 302))
  app.get('/assets/site.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(SITE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' })
  })
  // No icon: an empty answer spares browsers a 404 on every first visit.
  app.get('/favicon.ico', (c) => {
    c.header('Cache-Control', 'public, max-age=86400')
    return c.body(null, 204)
  })
  app.route('/healthz', healthRoutes)
  app.route('/api/v1', apiRoutes)
  app.route('/password/initialize', passwordInitializationRoutes)
  app.route('/login-id/notify', loginIdNotificationRoutes)
  app.route('/password/change', passwordChangeRoutes)

  app.notFound((c) => {
    if (isApiPath(c.req.path)) return problem(c, 404, 'not-found', apiLocale(c))
    const locale = c.get('locale') ?? 'ja'
    const t = messages(locale).notFound
    return c.html(
      <Layout
        locale={locale}
        serviceName={c.env.SERVICE_NAME}
        title={t.title}
        path="/password/initialize"
      >
        <p>{t.body}</p>
        <p>
          <a href={`/password/initialize?lang=${locale}`}>{t.back}</a>
        </p>
      </Layout>,
      404,
    )
  })

  app.onError((error, c) => {
    log.error('unhandled_error', { requestId: c.get('requestId'), error: errorKind(error) })
    if (isApiPath(c.req.path)) return problem(c, 500, 'internal-error', apiLocale(c))
    const locale = c.get('locale') ?? 'ja'
    const t = messages(locale).serverError
    return c.html(
      <Layout locale={locale} serviceName={c.env.SERVICE_NAME} title={t.title} path="/">
        <p>{t.body}</p>
      </Layout>,
      500,
    )
  })

  return app
}
