import type { Context } from 'hono'
import type { AppEnv } from './context'
import { errorKind } from './log'

/**
 * Runs work after the response: the runtime keeps the invocation alive for it (`waitUntil`), so
 * the answer does not wait for writes it does not depend on. Failures are logged by task name.
 */
export function afterResponse(
  c: Context<AppEnv>,
  task: string,
  work: () => Promise<unknown>,
): void {
  const requestId = c.get('requestId')
  const running = Promise.resolve()
    .then(work)
    .catch((error: unknown) => {
      c.get('services').logger.error(`${task}_failed`, { requestId, error: errorKind(error) })
    })
  c.executionCtx.waitUntil(running)
}
