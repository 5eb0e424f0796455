import type { Context, Input, MiddlewareHandler } from 'hono'
import { type QuotaSpent, spendApiKeyQuota } from '../api/api-key-quota'
import { hmacSha256Hex } from '../credentials/hash'
import { countRefusal, type Procedure, type Refusal } from '../db/audit'
import type { Locale } from '../i18n/locales'
import { atomicGuard } from '../middleware/atomic-guard'
import { type RateLimitRule, rateLimit } from '../middleware/rate-limit'
import { afterResponse } from '../platform/after-response'
import { writeTrafficPoints } from '../platform/analytics'
import type { AppEnv } from '../platform/context'
import { errorKind } from '../platform/log'
import { sealSubmission } from '../platform/sealed-message'
import { sealedBinding } from '../platform/work-queue'
import { CHALLENGE_CEILING_FACTOR, passedChallenge } from './bot-check'

/** The period of wrangler.toml's `SUBMISSION_GUARD` (`[[ratelimits]]`); a test pins the two together. */
export const SUBMISSION_GUARD_PERIOD_SECONDS = 60

/** The period of wrangler.toml's `INVALID_POST_GUARD`; a test pins the two together. */
export const INVALID_POST_GUARD_PERIOD_SECONDS = 60

/** The counter a client is charged to: its API key's quota, or else its hashed address (docs/contract.md#abuse-limits). */
async function clientRule(c: Context<AppEnv>): Promise<RateLimitRule> {
  const apiClient = c.get('apiClient')
  if (apiClient) return { name: 'api-key', subject: apiClient.id, limit: apiClient.quota }
  return {
    name: 'ip',
    subject: await c.get('client').hash(),
    limit: c.get('services').config.rateLimitPerIp,
  }
}

/**
 * The per-login-ID counter, kept per client: a stranger's submissions naming a login ID never make
 * its holder's own submission answer 429 (docs/contract.md#abuse-limits).
 */
async function loginIdRule(c: Context<AppEnv>, loginId: string): Promise<RateLimitRule> {
  const config = c.get('services').config
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
  const { auditDb, now, requestId, client } = c.get('services')
  writeTrafficPoints(c.get('services').traffic, [{ procedure, outcome, country: client.country }])
  afterResponse(c, 'refusal_count', async () =>
    countRefusal(auditDb, {
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
 * docs/contract.md#abuse-limits for a valid submission: first an exact counter (an API key's quota in D1; else the
 * atomic per-location guard per client address), then the KV windows: the client, all procedures together, and the login
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
  /**
   * A form's page with the Turnstile widget, for a client at or above `TURNSTILE_THRESHOLD`
   * without a confirmed token; without it (the JSON routes, the password change) no challenge.
   */
  challenged?: (
    c: Context<AppEnv, string, I>,
    retryAfterSeconds: number,
  ) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv, string, I> => {
  const limited = async (c: Context<AppEnv, string, I>, retryAfterSeconds: number) => {
    recordRefusal(c, procedure, 'rate_limited', await clientRule(c))
    return onLimited(c, retryAfterSeconds)
  }
  const logger = (c: Context<AppEnv, string, I>) => c.get('services').logger
  const logFields = (c: Context<AppEnv, string, I>) => ({ requestId: c.get('requestId') })
  const guard = atomicGuard<AppEnv, string, I>({
    limiter: (c) => c.get('services').limits.submissionGuard,
    key: (c) => c.get('client').hash(),
    periodSeconds: SUBMISSION_GUARD_PERIOD_SECONDS,
    onLimited: (c, { retryAfterSeconds }) => limited(c, retryAfterSeconds),
    logger,
    logFields,
  })
  const windows = rateLimit<AppEnv, string, I>({
    store: (c) => c.get('services').limits.store,
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
    challenge: {
      // docs/operations.md#bot-check-turnstile: forms only, never a request with an API key.
      thresholds: (c) => {
        const { turnstile, rateLimitPerIp } = c.get('services').config
        if (challenged === undefined || turnstile === null || c.get('apiClient')) return null
        return {
          from: turnstile.threshold,
          ceiling: CHALLENGE_CEILING_FACTOR * rateLimitPerIp.count,
        }
      },
      pass: (c) => passedChallenge(c, procedure),
      onRefused: async (c, { rule, retryAfterSeconds }) => {
        recordRefusal(c, procedure, 'rate_limited', rule)
        const turnstile = c.get('services').config.turnstile
        if (turnstile === null || challenged === undefined) return onLimited(c, retryAfterSeconds)
        c.set('challenge', {
          siteKey: turnstile.siteKey,
          action: procedure,
          retryAfterMinutes: Math.ceil(retryAfterSeconds / 60),
          supportContact: c.get('services').config.supportContact,
        })
        return challenged(c, retryAfterSeconds)
      },
    },
  })
  // An API key's quota, counted exactly in D1 (docs/operations.md); a failing D1 lets the request
  // on to the KV windows, as a failing binding does.
  const keyQuota: MiddlewareHandler<AppEnv, string, I> = async (c, next) => {
    const apiClient = c.get('apiClient')
    if (!apiClient) return next()
    const { db, now } = c.get('services')
    let quota: QuotaSpent
    try {
      quota = await spendApiKeyQuota(db, apiClient.id, apiClient.quota, now())
    } catch (error) {
      logger(c).error('api_key_quota_failed', { ...logFields(c), error: errorKind(error) })
      return next()
    }
    if (quota.spent) return next()
    const response = await limited(c, quota.retryAfterSeconds)
    response.headers.set('Retry-After', String(quota.retryAfterSeconds))
    return response
  }
  return async function submissionLimits(c, next) {
    const guarded = c.get('apiClient') ? keyQuota : guard
    return guarded(c, async () => {
      const limitedResponse = await windows(c, next)
      if (limitedResponse instanceof Response) c.res = limitedResponse
    })
  }
}

/**
 * An invalid post (422) spends nothing of the client's submission windows, so a neighbour's junk
 * never makes a shared address answer 429 to a correct submission. It has a throttle of its own,
 * the Rate Limiting binding only (no KV write, docs/operations.md): past it, the seconds to
 * answer 429 with. Either way the refusal is counted once per client and window, after the answer.
 * A failing binding lets the post be answered 422.
 */
export async function throttleInvalid(
  c: Context<AppEnv>,
  procedure: Procedure,
): Promise<number | null> {
  const rule = await clientRule(c)
  let throttled = false
  try {
    const guard = c.get('services').limits.invalidPostGuard
    throttled = !(await guard.limit({ key: `${rule.name}:${rule.subject}` })).success
  } catch (error) {
    c.get('services').logger.error('atomic_guard_failed', {
      requestId: c.get('requestId'),
      guard: 'invalid_post',
      error: errorKind(error),
    })
  }
  recordRefusal(c, procedure, throttled ? 'rate_limited' : 'invalid', rule)
  return throttled ? INVALID_POST_GUARD_PERIOD_SECONDS : null
}

/**
 * Hands a valid submission to the work queue, the same single step whatever it will find. False,
 * having done nothing, when the queue does not accept it: the caller answers 503. A form passes
 * its page's language (the e-mail's language, docs/decisions/024-e-mail-language.md); the JSON API null.
 */
export async function enqueueSubmission(
  c: Context<AppEnv>,
  procedure: Procedure,
  request: unknown,
  pageLocale: Locale | null,
): Promise<boolean> {
  const { requestId, apiKeyId, client, now, logger, config, workQueue } = c.get('services')
  try {
    // Sealed: the queue and its dead letters hold no personal data in clear (docs/security.md).
    const sealed = await sealSubmission(
      request,
      config.queueMessageKeys.current,
      sealedBinding(procedure, requestId),
    )
    await workQueue.send({
      procedure,
      sealed,
      meta: {
        requestId,
        apiKeyId,
        clientHash: await client.hash(),
        country: client.country,
        submittedAt: now(),
        pageLocale,
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
