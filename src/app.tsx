import { Hono } from 'hono/tiny'
import { apiLocale } from './api/json-locale'
import { apiRoutes } from './api/openapi-route'
import { problem } from './http/problem'
import { identifyClient } from './middleware/client'
import { httpsOnly } from './middleware/https-only'
import { negotiateLocale } from './middleware/page-locale'
import { securityHeaders } from './middleware/security-headers'
import { opsRoutes } from './ops/routes'
import { readConfig } from './platform/config'
import {
  type AppEnv,
  createAuditDatabase,
  createDatabase,
  type Dependencies,
} from './platform/context'
import { assignRequestId, errorKind, requestLog } from './platform/log'
import { CSP_REPORT_PATH, cspReportRoutes } from './probes/csp-reports'
import { healthRoutes } from './probes/health'
import { QUEUED_PROCEDURES } from './procedures'
import { accountHistoryRoutes } from './procedures/account-history/routes'
import { credentialVerificationRoutes } from './procedures/credential-verification/routes'
import { helpDeskRecoveryRoutes } from './procedures/help-desk-recovery/routes'
import { passwordChangeRoutes } from './procedures/password-change/routes'
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
  app.use(async (c, next) => {
    c.set('config', readConfig(c.env))
    c.set('deps', deps)
    await next()
  })
  app.use(identifyClient<AppEnv>((c) => c.get('config').clientHashKey))
  app.use(async (c, next) => {
    c.set('services', {
      db: createDatabase(c.env.DB),
      auditDb: createAuditDatabase(c.env.AUDIT_DB),
      mailer: deps.mailer(c.env, c.get('config')),
      now: deps.now,
      logger: deps.logger,
      config: c.get('config'),
      requestId: c.get('requestId'),
      apiKeyId: null,
      client: c.get('client'),
      kdf: deps.kdf,
      traffic: c.env.TRAFFIC,
    })
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
  for (const procedure of QUEUED_PROCEDURES) {
    app.route(procedure.path, procedure.formRoutes)
    app.route(`/api/v1${procedure.apiPath}`, procedure.jsonRoutes)
  }
  app.route('/api/v1', apiRoutes)
  app.route('/api/v1/accounts', provisioningRoutes)
  app.route('/api/v1/accounts', accountHistoryRoutes)
  app.route('/api/v1/accounts', helpDeskRecoveryRoutes)
  app.route('/api/v1/credential-verifications', credentialVerificationRoutes)
  app.route('/password/change', passwordChangeRoutes)
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
