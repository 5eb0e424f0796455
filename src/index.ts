import { createApp } from './app'
import { createDatabase } from './platform/context'
import { log } from './platform/log'
import { applyRetention } from './platform/retention'

const app = createApp()

export default {
  fetch: app.fetch,
  /** The daily cron trigger (wrangler.toml): retention of audit events and initialized passwords. */
  async scheduled(controller, env) {
    const deleted = await applyRetention(createDatabase(env.DB), controller.scheduledTime)
    log.info('retention', { cron: controller.cron, ...deleted })
  },
} satisfies ExportedHandler<Env>
