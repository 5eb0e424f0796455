import type { Context, Input } from 'hono'
import { hmacSha256Hex } from '../credentials/hash'
import {
  type Outcome,
  openAuditEvent,
  type Procedure,
  recordAuditEvent,
  settleAuditEvent,
} from '../platform/audit'
import { runAfterResponse } from '../platform/background'
import type { AppEnv, ServiceContext } from '../platform/context'
import { errorKind, log } from '../platform/log'
import { kvRateLimitStore, type RateLimitRule, rateLimit } from '../platform/rate-limit'

/** SPEC 3: every POST body is limited to 16 KiB. */
export const MAX_BODY_BYTES = 16 * 1024

/**
 * SPEC 6: charges a valid submission to its client, all procedures together (an API key's own
 * quota instead of the per-IP limit), and to the login ID it names, whether or not that account
 * exists. Past a limit the submission is audited as `rate_limited` and answered by `onLimited`
 * with status 429 and `Retry-After`.
 */
export const submissionLimits = <I extends Input>(
  procedure: Procedure,
  loginIdOf: (c: Context<AppEnv, string, I>) => string | null,
  onLimited: (
    c: Context<AppEnv, string, I>,
    retryAfterSeconds: number,
  ) => Response | Promise<Response>,
) =>
  rateLimit<AppEnv, string, I>({
    store: (c) => kvRateLimitStore(c.env.RATE_LIMITS),
    now: (c) => c.get('services').now(),
    logFields: (c) => ({ requestId: c.get('requestId') }),
    rules: async (c) => {
      const config = c.get('config')
      const apiClient = c.get('apiClient')
      const rules: RateLimitRule[] = [
        apiClient
          ? { name: 'api-key', subject: apiClient.id, limit: apiClient.quota }
          : { name: 'ip', subject: await c.get('client').hash(), limit: config.rateLimitPerIp },
      ]
      const loginId = loginIdOf(c)
      if (loginId !== null) {
        const subject = await hmacSha256Hex(config.clientHashKey, `login-id:${loginId}`)
        rules.push({ name: 'login-id', subject, limit: config.rateLimitPerLoginId })
      }
      return rules
    },
    onLimited: async (c, { retryAfterSeconds }) => {
      await recordAuditEvent(c.get('services'), {
        procedure,
        outcome: 'rate_limited',
        loginId: loginIdOf(c),
      })
      return onLimited(c, retryAfterSeconds)
    },
  })

/**
 * Starts a valid submission's procedure: writes its audit event first (the same single write for
 * every outcome) and leaves the procedure to run after the response. Returns false, having done
 * nothing, when D1 is down: the caller answers 503.
 */
export async function beginProcedure(
  c: Context<AppEnv>,
  submission: {
    procedure: Procedure
    loginId: string | null
    run: (services: ServiceContext) => Promise<Outcome>
  },
): Promise<boolean> {
  const services = c.get('services')
  let auditId: number
  try {
    auditId = await openAuditEvent(services, {
      procedure: submission.procedure,
      outcome: 'accepted',
      loginId: submission.loginId,
    })
  } catch (error) {
    log.error('submission_refused', {
      requestId: services.requestId,
      procedure: submission.procedure,
      reason: 'database_unavailable',
      error: errorKind(error),
    })
    return false
  }
  runAfterResponse(c, submission.procedure, async () => {
    let outcome: Outcome = 'failed'
    try {
      outcome = await submission.run(services)
    } finally {
      await settleAuditEvent(services, auditId, outcome)
    }
  })
  return true
}
