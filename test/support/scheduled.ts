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
 * logs) as wrangler.toml's cron trigger `cron` (by default the first, the daily retention) would
 * at `scheduledTime`, and waits for the work it left running.
 */
export async function runScheduled(
  scheduledTime: number,
  handler: ExportedHandler<Env> = worker,
  cron = cronTriggers()[0] ?? '',
  bindings: Env = env,
): Promise<void> {
  if (!handler.scheduled) throw new Error('src/index.ts exports no scheduled handler')
  if (!cronTriggers().includes(cron)) throw new Error(`wrangler.toml has no cron ${cron}`)
  const ctx = createExecutionContext()
  await handler.scheduled(createScheduledController({ scheduledTime, cron }), bindings, ctx)
  await waitOnExecutionContext(ctx)
}
