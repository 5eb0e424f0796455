import { createApp } from './app'
import { createDatabase, type Dependencies } from './platform/context'
import { log } from './platform/log'
import { cloudflareMailer } from './platform/mailer'
import { kvRateLimitStore } from './platform/rate-limit'
import { applyRetention } from './platform/retention'
import { consumeQueue } from './queue/consume'

/** The Cloudflare side of every dependency: the bindings of wrangler.toml and the system clock. */
export const cloudflareDependencies: Dependencies = {
  mailer: (env, config) =>
    cloudflareMailer(env.EMAIL, { email: config.mailFrom, name: config.serviceName }),
  now: () => Date.now(),
  workQueue: (env) => env.WORK_QUEUE,
  submissionGuard: (env) => env.SUBMISSION_GUARD,
  rateLimitStore: (env) => kvRateLimitStore(env.RATE_LIMITS),
}

/**
 * The Worker: `fetch` = the app, `queue` = the procedures' account work and its dead letters,
 * `scheduled` = retention. Tests build one with recording dependencies.
 */
export function createWorker(overrides: Partial<Dependencies> = {}) {
  const deps: Dependencies = { ...cloudflareDependencies, ...overrides }
  const app = createApp(deps)
  return {
    fetch: app.fetch,
    queue: (batch, env) => consumeQueue(batch, env, deps),
    /** The daily cron trigger (wrangler.toml): retention of audit events and initialized passwords. */
    async scheduled(controller, env) {
      const deleted = await applyRetention(createDatabase(env.DB), controller.scheduledTime)
      log.info('retention', { cron: controller.cron, ...deleted })
    },
  } satisfies ExportedHandler<Env, unknown>
}
