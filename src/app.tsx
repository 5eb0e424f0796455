import { Hono } from 'hono/tiny'
import { apiLocale } from './api/json-locale'
import { problem } from './api/problem'
import { identifyClient } from './middleware/client'
import { httpsOnly } from './middleware/https-only'
import { negotiateLocale } from './middleware/page-locale'
import { CSP_REPORT_PATH, securityHeaders } from './middleware/security-headers'
import { apiRoutes } from './openapi/route'
import { opsRoutes } from './ops/routes'
import type { ServiceConfig } from './platform/config'
import { type AppEnv, type Dependencies, serviceContext } from './platform/context'
import { assignRequestId, errorKind, requestLog } from './platform/log'
import { cspReportRoutes } from './probes/csp-reports'
import { healthRoutes } from './probes/health'
import { accountHistoryRoutes } from './procedures/account-history/routes'
import { credentialVerificationRoutes } from './procedures/credential-verification/routes'
import { helpDeskRecoveryRoutes } from './procedures/help-desk-recovery/routes'
import { loginIdNotificationRoutes } from './procedures/login-id-notification/routes'
import { passwordChangeRoutes } from './procedures/password-change/routes'
import { passwordInitializationRoutes } from './procedures/password-initialization/routes'
import { provisioningRoutes } from './procedures/provisioning/routes'
import { NotFoundPage, ServerErrorPage } from './views/error-pages'
import { pages } from './views/layout'
import { PASSWORD_TOGGLE_PATH, PASSWORD_TOGGLE_SCRIPT } from './views/password-toggle'
import { SITE_CSS } from './views/styles'

/** JSON clients get JSON, whatever goes wrong: never an HTML page or a stack trace. */
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/')

/**
 * The whole service: shared middleware, then one sub-app per procedure. `createWorker()` passes
 * the Cloudflare dependencies; tests pass recording ones (mailer, clock, queue).
 */
export function createApp(deps: Dependencies) {
  const app = new Hono<AppEnv>()

  // First, so that every page, the 500 page of a missing setting too, is rendered in the layout.
  app.use(pages())
  app.use(assignRequestId())
  app.use(requestLog(deps.logger))
  app.use(securityHeaders())
  app.use(negotiateLocale())
  // Before any route reads the request, so an API key sent in clear is never looked up.
  app.use('/api/*', httpsOnly())
  const warned = new WeakSet<ServiceConfig>()
  // The client's hash is computed on first use, with the key the service context's settings hold.
  app.use(identifyClient<AppEnv>((c) => c.get('services').config.clientHashKey))
  app.use(async (c, next) => {
    const origin = { requestId: c.get('requestId'), apiKeyId: null, client: c.get('client') }
    const services = serviceContext(c.env, deps, origin)
    // A setting set by halves (one Turnstile key) is named once per set of bindings, never its value.
    if (!warned.has(services.config)) {
      warned.add(services.config)
      for (const problem of services.config.warnings)
        deps.logger.warn('setting_incomplete', { problem })
    }
    c.set('services', services)
    await next()
  })

  app.get('/', (c) => c.redirect('/password/initialize', 302))
  app.get('/assets/site.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(SITE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' })
  })
  app.get(PASSWORD_TOGGLE_PATH, (c) => {
    // Its pages name it with its version (PASSWORD_TOGGLE_SRC): a year, never revalidated.
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    return c.body(PASSWORD_TOGGLE_SCRIPT, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
    })
  })
  // No icon: an empty answer spares browsers a 404 on every first visit.
  app.get('/favicon.ico', (c) => {
    c.header('Cache-Control', 'public, max-age=86400')
    return c.body(null, 204)
  })
  app.route('/healthz', healthRoutes)
  app.route(CSP_REPORT_PATH, cspReportRoutes)
  app.route('/', passwordInitializationRoutes)
  app.route('/', loginIdNotificationRoutes)
  app.route('/api/v1', apiRoutes)
  app.route('/', provisioningRoutes)
  app.route('/', accountHistoryRoutes)
  app.route('/', helpDeskRecoveryRoutes)
  app.route('/', credentialVerificationRoutes)
  app.route('/', passwordChangeRoutes)
  app.route('/ops', opsRoutes(deps.accessFetch))

  app.notFound((c) => {
    if (isApiPath(c.req.path)) return problem(c, 404, 'not-found', apiLocale(c))
    c.status(404)
    return c.render(<NotFoundPage />)
  })

  app.onError((error, c) => {
    deps.logger.error('unhandled_error', { requestId: c.get('requestId'), error: errorKind(error) })
    if (isApiPath(c.req.path)) return problem(c, 500, 'internal-error', apiLocale(c))
    c.status(500)
    return c.render(<ServerErrorPage />)
  })

  return app
}
