import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { messages } from './i18n'
import { identifyClient } from './platform/client'
import { readConfig } from './platform/config'
import { type AppEnv, createDatabase, type Dependencies } from './platform/context'
import { healthRoutes } from './platform/health'
import { negotiateLocale } from './platform/locale'
import { errorKind, log, requestLog } from './platform/log'
import { cloudflareMailer } from './platform/mailer'
import { securityHeaders } from './platform/security-headers'
import { loginIdNotificationRoutes } from './procedures/login-id-notification/routes'
import { passwordInitializationRoutes } from './procedures/password-initialization/routes'
import { Layout } from './views/layout'
import { SITE_CSS } from './views/styles'

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

  app.use(requestId({ generator: () => crypto.randomUUID() }))
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
  app.route('/healthz', healthRoutes)
  app.route('/password/initialize', passwordInitializationRoutes)
  app.route('/login-id/notify', loginIdNotificationRoutes)

  app.notFound((c) => {
    const locale = c.get('locale') ?? 'ja'
    const t = messages(locale).notFound
    return c.html(
      <Layout locale={locale} serviceName={c.env.SERVICE_NAME} title={t.title} path={c.req.path}>
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
