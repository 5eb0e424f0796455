import type { Context } from 'hono'
import type { Procedure } from '../db/audit'
import type { AppEnv } from '../platform/context'
import { TURNSTILE_RESPONSE_FIELD, verifyTurnstileToken } from '../platform/turnstile'

/**
 * How far a passed bot check lets a form's client past its window: up to this many times
 * `RATE_LIMIT_PER_IP`'s count, one submission per token (docs/decisions/026-turnstile-only-when-traffic-looks-wrong.md).
 */
export const CHALLENGE_CEILING_FACTOR = 2

/**
 * The bot check of a form post from a challenged client: the posted token, asked of siteverify
 * with the procedure as its action. Logged either way, never with the token.
 */
export async function passedChallenge(c: Context<AppEnv>, procedure: Procedure): Promise<boolean> {
  const { turnstile, publicBaseUrl } = c.get('services').config
  if (turnstile === null) return false
  const tokens = new URLSearchParams(await c.req.text()).getAll(TURNSTILE_RESPONSE_FIELD)
  const verdict = await verifyTurnstileToken(c.get('services').turnstileFetch, {
    // A repeated field is not one token: refused as malformed.
    token: tokens.length > 1 ? tokens : tokens[0],
    secretKey: turnstile.secretKey,
    remoteIp: c.req.header('CF-Connecting-IP') ?? null,
    hostnames: [new URL(c.req.url).hostname, publicBaseUrl.hostname],
    action: procedure,
  })
  const fields = { requestId: c.get('requestId'), procedure }
  if (verdict.passed) c.get('services').logger.info('turnstile_passed', fields)
  else {
    c.get('services').logger.warn('turnstile_refused', {
      ...fields,
      reason: verdict.reason,
      ...(verdict.errorCodes ? { errorCodes: verdict.errorCodes.join(',') } : {}),
    })
  }
  return verdict.passed
}
