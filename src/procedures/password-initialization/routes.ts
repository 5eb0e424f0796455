import { Hono } from 'hono/tiny'
import type { AppEnv } from '../../platform/context'
import { queuedFormRoutes, queuedJsonRoutes } from '../queued-routes'
import { passwordInitialization } from './index'

/**
 * GET and POST /password/initialize, GET /password/initialize/sent (the form, `PATH` in
 * views.tsx) and POST /api/v1/password-initializations: each POST checked by the shared recipe
 * and put on the work queue (docs/architecture.md#a-requests-path-from-form-to-e-mail).
 */
export const passwordInitializationRoutes = new Hono<AppEnv>()
  .route(passwordInitialization.path, queuedFormRoutes(passwordInitialization))
  .route(`/api/v1${passwordInitialization.apiPath}`, queuedJsonRoutes(passwordInitialization))
