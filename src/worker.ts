import { createApp } from './app'
import { WORKERS_KDF } from './credentials/kdf'
import { applyRetention } from './db/retention'
import { kvRateLimitStore } from './middleware/rate-limit'
import { createAuditDatabase, createDatabase, type Dependencies } from './platform/context'
import { withBenchmarkDelays } from './platform/delayed-bindings'
import { consoleLogger } from './platform/log'
import { cloudflareMailer } from './platform/mailer'
import { consumeQueue } from './queue/consume'

/**
 * The Cloudflare side of every dependency: the bindings of wrangler.toml, the system clock and
 * the console for logs.
 */
export const cloudflareDependencies: Dependencies = {
  mailer: (env, config) =>
    cloudflareMailer(env.EMAIL, { email: config.mailFrom, name: config.serviceName }),
  now: () => Date.now(),
  logger: consoleLogger,
  workQueue: (env) => env.WORK_QUEUE,
  submissionGuard: (env) => env.SUBMISSION_GUARD,
  invalidPostGuard: (env) => env.INVALID_POST_GUARD,
  rateLimitStore: (env) => kvRateLimitStore(env.RATE_LIMITS),
  webhookFetch: (input, init) => fetch(input, init),
  kdf: WORKERS_KDF,
  accessFetch: (input, init) => fetch(input, init),
}

/**
 * The Worker: `fetch` = the app, `queue` = the procedures' account work, the events' webhooks and
 * their dead letters, `scheduled` = retention. Tests build one with recording dependencies.
 */
export function createWorker(overrides: Partial<Dependencies> = {}) {
  const deps: Dependencies = { ...cloudflareDependencies, ...overrides }
  const app = createApp(deps)
  return {
    fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
      app.fetch(request, withBenchmarkDelays(env), ctx),
    queue: (batch, env) => consumeQueue(batch, withBenchmarkDelays(env), deps),
    /** The daily cron trigger (wrangler.toml): retention of audit events and initialized passwords. */
    async scheduled(controller, env) {
      const deleted = await applyRetention(
        createDatabase(env.DB),
        createAuditDatabase(env.AUDIT_DB),
        controller.scheduledTime,
      )
      deps.logger.info('retention', { cron: controller.cron, ...deleted })
    },
  } satisfies ExportedHandler<Env, unknown>
}
