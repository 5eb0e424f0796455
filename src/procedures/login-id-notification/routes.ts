import { Hono } from 'hono/tiny'
import type { AppEnv } from '../../platform/context'
import { queuedFormRoutes, queuedJsonRoutes } from '../queued-routes'
import { loginIdNotification } from './index'

/**
 * GET and POST /login-id/notify, GET /login-id/notify/sent (the form, `PATH` in views.tsx) and
 * POST /api/v1/login-id-notifications: each POST checked by the shared recipe and put on the
 * work queue, as the password initialization's (docs/architecture.md#a-requests-path-from-form-to-e-mail).
 */
export const loginIdNotificationRoutes = new Hono<AppEnv>()
  .route(loginIdNotification.path, queuedFormRoutes(loginIdNotification))
  .route(`/api/v1${loginIdNotification.apiPath}`, queuedJsonRoutes(loginIdNotification))
