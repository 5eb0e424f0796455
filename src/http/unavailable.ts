import type { Context } from 'hono'
import { type Procedure, recordAuditEvent } from '../db/audit'
import { afterResponse } from '../platform/after-response'
import type { AppEnv } from '../platform/context'
import { errorKind } from '../platform/log'

/** What a request does when D1 (or the runtime) fails its work: nothing was changed. */
export interface Unavailable {
  /** The log line's event, e.g. `password_change_failed` (its error kind only, no personal data). */
  log: string
  /**
   * The procedure's audit row `failed`, when the procedure keeps one: written before the answer,
   * or after it when the answer must not wait for it (the credential verification's fixed cost).
   */
  audit?: { procedure: Procedure; loginId: string | null; afterAnswer?: boolean }
  /** The 503 answer: a page or a problem document. */
  answer: (c: Context<AppEnv>) => Response | Promise<Response>
}

/** Logs `error`, writes the audit row `failed` if the procedure keeps one, and answers 503. */
export async function answerUnavailable(
  c: Context<AppEnv>,
  failure: Unavailable,
  error: unknown,
): Promise<Response> {
  const services = c.get('services')
  services.logger.error(failure.log, { requestId: services.requestId, error: errorKind(error) })
  const { audit } = failure
  if (audit) {
    const row = { procedure: audit.procedure, outcome: 'failed', loginId: audit.loginId } as const
    if (audit.afterAnswer) afterResponse(c, 'audit', () => recordAuditEvent(services, row))
    else await recordAuditEvent(services, row)
  }
  return failure.answer(c)
}

/**
 * The try/audit/503 of a route whose work runs on the request: the work's result, or, when it
 * throws, the 503 answer (`answerUnavailable`). The caller answers a result that is a Response
 * as it is.
 *
 * @example
 * const result = await orUnavailable(c, { log: 'x_failed', answer: (c) => problem(c, 503, …) }, () => work(services))
 * if (result instanceof Response) return result
 */
export async function orUnavailable<T>(
  c: Context<AppEnv>,
  failure: Unavailable,
  work: () => Promise<T>,
): Promise<T | Response> {
  try {
    return await work()
  } catch (error) {
    return answerUnavailable(c, failure, error)
  }
}
