import { createApp } from './app'
import { WORKERS_KDF } from './credentials/kdf'
import { applyRetention } from './db/retention'
import { kvRateLimitStore } from './middleware/rate-limit'
import { readAuditRotation, readConfig } from './platform/config'
import { createAuditDatabases, createDatabase, type Dependencies } from './platform/context'
import { withBenchmarkDelays } from './platform/delayed-bindings'
import { consoleLogger } from './platform/log'
import { cloudflareMailer } from './platform/mailer'
import { drainAccountNotifications } from './procedures/provisioning/notification-outbox'
import { consumeQueue } from './queue/consume'

/** wrangler.toml's `[triggers]` crons (a test pins them together). */
export const RETENTION_CRON = '30 3 * * *'
export const OUTBOX_CRON = '*/5 * * * *'

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
  turnstileFetch: (input, init) => fetch(input, init),
}

/**
 * The Worker: `fetch` = the app, `queue` = the procedures' account work, the events' webhooks and
 * their dead letters, `scheduled` = retention and the import's outbox. Tests build one with recording dependencies.
 */
export function createWorker(overrides: Partial<Dependencies> = {}) {
  const deps: Dependencies = { ...cloudflareDependencies, ...overrides }
  const app = createApp(deps)
  return {
    fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
      app.fetch(request, withBenchmarkDelays(env), ctx),
    queue: (batch, env) => consumeQueue(batch, withBenchmarkDelays(env), deps),
    /**
     * wrangler.toml's cron triggers, told apart by their expression: the daily one runs retention,
     * the frequent one drains the import's outbox (docs/operations.md#the-import-outbox).
     */
    async scheduled(controller, env) {
      if (controller.cron === RETENTION_CRON) {
        const rotation = readAuditRotation(env)
        const deleted = await applyRetention(
          createDatabase(env.DB),
          { databases: createAuditDatabases(env, rotation), rotation },
          controller.scheduledTime,
        )
        const { emptiedAuditDatabases, ...counts } = deleted
        deps.logger.info('retention', {
          cron: controller.cron,
          ...counts,
          // Named only when a rotation emptied one (docs/decisions/034-audit-rotation.md).
          emptiedAuditDatabases: emptiedAuditDatabases.join(',') || undefined,
        })
      } else if (controller.cron === OUTBOX_CRON) {
        const config = readConfig(env)
        const drained = await drainAccountNotifications({
          db: createDatabase(env.DB),
          mailer: deps.mailer(env, config),
          config,
          now: deps.now,
          logger: deps.logger,
          workQueue: deps.workQueue(env),
        })
        // Quiet when there was nothing to send: one line every five minutes says nothing.
        if (drained.sent + drained.failed + drained.skipped > 0) {
          deps.logger.info('account_notifications', { cron: controller.cron, ...drained })
        }
      } else {
        deps.logger.warn('unknown_cron', { cron: controller.cron })
      }
    },
  } satisfies ExportedHandler<Env, unknown>
}
