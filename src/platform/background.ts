import type { Context } from 'hono'
import { errorKind, log } from './log'

/** Lets the runtime write the response out before CPU-heavy work (hashing) takes the thread. */
const AFTER_RESPONSE_DELAY_MS = 5

/**
 * Runs work after the response (SPEC 4.6): the answer is sent before any lookup, hashing, write
 * or e-mail, so its timing can not tell a match from a mismatch. Failures are logged.
 */
export function runAfterResponse(c: Context, task: string, work: () => Promise<unknown>): void {
  const requestId: string | undefined = c.get('requestId')
  c.executionCtx.waitUntil(
    scheduler
      .wait(AFTER_RESPONSE_DELAY_MS)
      .then(work)
      .catch((error: unknown) => {
        log.error(`${task}_failed`, { requestId, error: errorKind(error) })
      }),
  )
}
