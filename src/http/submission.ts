import type { Context, Input, MiddlewareHandler } from 'hono'
import { hmacSha256Hex } from '../credentials/hash'
import { writeTrafficPoints } from '../ops/analytics'
import { atomicGuard } from '../platform/atomic-guard'
import { countRefusal, type Procedure, type Refusal } from '../platform/audit'
import { afterResponse } from '../platform/background'
import type { AppEnv } from '../platform/context'
import { errorKind } from '../platform/log'
import { charge, type RateLimitRule, rateLimit } from '../platform/rate-limit'

/** The period of wrangler.toml's `SUBMISSION_GUARD` (`[[ratelimits]]`); a test pins the two together. */
export const SUBMISSION_GUARD_PERIOD_SECONDS = 60

/** The counter a client is charged to: its API key's quota, or else its hashed address (docs/contract.md#abuse-limits). */
async function clientRule(c: Context<AppEnv>): Promise<RateLimitRule> {
  const apiClient = c.get('apiClient')
  if (apiClient) return { name: 'api-key', subject: apiClient.id, limit: apiClient.quota }
  return {
    name: 'ip',
    subject: await c.get('client').hash(),
    limit: c.get('config').rateLimitPerIp,
  }
}

/**
 * The per-login-ID counter, kept per client: a stranger's submissions naming a login ID never make
 * its holder's own submission answer 429 (docs/contract.md#abuse-limits).
 */
async function loginIdRule(c: Context<AppEnv>, loginId: string): Promise<RateLimitRule> {
  const config = c.get('config')
  const client = c.get('apiClient')?.id ?? (await c.get('client').hash())
  const subject = await hmacSha256Hex(config.clientHashKey, `login-id:${loginId}:${client}`)
  return { name: 'login-id', subject, limit: config.rateLimitPerLoginId }
}

/** Counts a refused submission after the answer (one row per client, procedure and window). */
function recordRefusal(
  c: Context<AppEnv>,
  procedure: Procedure,
  outcome: Refusal,
  rule: RateLimitRule,
) {
  const { db, now, requestId, client } = c.get('services')
  writeTrafficPoints(c.env.TRAFFIC, [{ procedure, outcome, country: client.country }])
  afterResponse(c, 'refusal_count', async () =>
    countRefusal(db, {
      procedure,
      outcome,
      clientHash: rule.subject,
      country: client.country,
      requestId,
      now: now(),
      windowMs: rule.limit.seconds * 1000,
    }),
  )
}

/**
 * docs/contract.md#abuse-limits for a valid submission: first the atomic per-location guard (per client; an API key has
 * its own quota instead), then the KV windows: the client, all procedures together, and the login
 * ID it names, per client. Both counters are one KV entry, the client's (one read, one write),
 * written after the answer. Past a limit the refusal is
 * counted and `onLimited` answers 429 with `Retry-After`.
 */
export const submissionLimits = <I extends Input>(
  procedure: Procedure,
  loginIdOf: (c: Context<AppEnv, string, I>) => string | null,
  onLimited: (
    c: Context<AppEnv, string, I>,
    retryAfterSeconds: number,
  ) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv, string, I> => {
  const limited = async (c: Context<AppEnv, string, I>, retryAfterSeconds: number) => {
    recordRefusal(c, procedure, 'rate_limited', await clientRule(c))
    return onLimited(c, retryAfterSeconds)
  }
  const logger = (c: Context<AppEnv, string, I>) => c.get('deps').logger
  const logFields = (c: Context<AppEnv, string, I>) => ({ requestId: c.get('requestId') })
  const guard = atomicGuard<AppEnv, string, I>({
    limiter: (c) => c.get('deps').submissionGuard(c.env),
    key: async (c) => (c.get('apiClient') ? null : c.get('client').hash()),
    periodSeconds: SUBMISSION_GUARD_PERIOD_SECONDS,
    onLimited: (c, { retryAfterSeconds }) => limited(c, retryAfterSeconds),
    logger,
    logFields,
  })
  const windows = rateLimit<AppEnv, string, I>({
    store: (c) => c.get('deps').rateLimitStore(c.env),
    now: (c) => c.get('services').now(),
    logger,
    logFields,
    rules: async (c) => {
      const loginId = loginIdOf(c)
      const rules = [await clientRule(c)]
      if (loginId !== null) rules.push(await loginIdRule(c, loginId))
      return rules
    },
    onLimited: (c, { retryAfterSeconds }) => limited(c, retryAfterSeconds),
    deferWrites: (c, writes) => c.executionCtx.waitUntil(writes),
  })
  return async function submissionLimits(c, next) {
    return guard(c, async () => {
      const limitedResponse = await windows(c, next)
      if (limitedResponse instanceof Response) c.res = limitedResponse
    })
  }
}

/**
 * An invalid post (422): counted once per client and window, and charged to the client's own
 * counter like a submission (docs/contract.md#security-baseline), after the answer.
 */
export async function refuseInvalid(c: Context<AppEnv>, procedure: Procedure): Promise<void> {
  const rule = await clientRule(c)
  recordRefusal(c, procedure, 'invalid', rule)
  const store = c.get('deps').rateLimitStore(c.env)
  const now = c.get('services').now()
  afterResponse(c, 'rate_limit_charge', () => charge(store, [rule], now))
}

/**
 * Hands a valid submission to the work queue, the same single step whatever it will find. False,
 * having done nothing, when the queue does not accept it: the caller answers 503.
 */
export async function enqueueSubmission(
  c: Context<AppEnv>,
  procedure: Procedure,
  request: unknown,
): Promise<boolean> {
  const { requestId, apiKeyId, client, now, logger } = c.get('services')
  try {
    await c
      .get('deps')
      .workQueue(c.env)
      .send({
        procedure,
        request,
        meta: {
          requestId,
          apiKeyId,
          clientHash: await client.hash(),
          country: client.country,
          submittedAt: now(),
        },
      })
    return true
  } catch (error) {
    logger.error('submission_refused', {
      requestId,
      procedure,
      reason: 'queue_unavailable',
      error: errorKind(error),
    })
    return false
  }
}
