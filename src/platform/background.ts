import type { Context } from 'hono'
import { errorKind, log } from './log'

/**
 * Runs work after the response: the runtime keeps the invocation alive for it (`waitUntil`), so
 * the answer does not wait for writes it does not depend on. Failures are logged by task name.
 */
export function afterResponse(c: Context, task: string, work: () => Promise<unknown>): void {
  const requestId: string | undefined = c.get('requestId')
  const running = Promise.resolve()
    .then(work)
    .catch((error: unknown) => {
      log.error(`${task}_failed`, { requestId, error: errorKind(error) })
    })
  c.executionCtx.waitUntil(running)
}
