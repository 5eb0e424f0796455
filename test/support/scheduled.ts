import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import worker from '../../src/index'
import toml from '../../wrangler.toml?raw'

/** The cron expressions of wrangler.toml's `[triggers]` (the workers pool can import it as text). */
export function cronTriggers(): string[] {
  const triggers = /^\[triggers\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? ''
  const list = /^crons\s*=\s*\[([^\]]*)\]/m.exec(triggers)?.[1] ?? ''
  return [...list.matchAll(/"([^"]*)"/g)].map((match) => match[1] ?? '')
}

/**
 * Runs the Worker's real scheduled handler (src/index.ts, or a test client's `worker` to keep its
 * logs) as wrangler.toml's cron trigger would at `scheduledTime`, and waits for the work it left
 * running.
 */
export async function runScheduled(
  scheduledTime: number,
  handler: ExportedHandler<Env> = worker,
): Promise<void> {
  if (!handler.scheduled) throw new Error('src/index.ts exports no scheduled handler')
  const [cron = ''] = cronTriggers()
  const ctx = createExecutionContext()
  await handler.scheduled(createScheduledController({ scheduledTime, cron }), env, ctx)
  await waitOnExecutionContext(ctx)
}
