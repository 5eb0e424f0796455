import type { Context, Input } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { hmacSha256Hex } from '../credentials/hash'
import { type Locale, type Messages, messages } from '../i18n'
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
import { sameOriginPost } from '../platform/same-origin'
import { StatusPage } from '../views/status-page'

/** SPEC 3: every POST body is limited to 16 KiB. */
export const MAX_BODY_BYTES = 16 * 1024

type StatusKey = 'forbidden' | 'tooLarge' | 'unavailable'

const statusPage = (
  c: Context<AppEnv>,
  formPath: string,
  status: 403 | 413 | 429 | 503,
  text: (t: Messages) => { title: string; body: string },
) => {
  const locale: Locale = c.get('locale')
  const { title, body } = text(messages(locale))
  return c.html(
    <StatusPage
      locale={locale}
      serviceName={c.env.SERVICE_NAME}
      title={title}
      body={body}
      formPath={formPath}
    />,
    status,
  )
}

const fixedPage = (key: StatusKey) => (t: Messages) => t[key]

/** 403 for a form posted from another site (checked before the body is read). */
export const sameOriginForm = (formPath: string) =>
  sameOriginPost({
    allowedOrigins: (c) => [new URL(c.req.url).origin, new URL(c.env.PUBLIC_BASE_URL).origin],
    onRejected: (c) => statusPage(c, formPath, 403, fixedPage('forbidden')),
  })

/** 413 for a body over 16 KiB; it reads no further than that. */
export const limitedBody = (formPath: string) =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => statusPage(c as Context<AppEnv>, formPath, 413, fixedPage('tooLarge')),
  })

/**
 * SPEC 6: charges the submission to its client (all procedures together) and, when it names
 * one, to its login ID (whether or not it exists); past either limit: 429 with `Retry-After`.
 */
export const submissionLimits = <I extends Input>(
  procedure: Procedure,
  formPath: string,
  loginIdOf: (c: Context<AppEnv, string, I>) => string | null,
) =>
  rateLimit<AppEnv, string, I>({
    store: (c) => kvRateLimitStore(c.env.RATE_LIMITS),
    now: (c) => c.get('services').now(),
    rules: async (c) => {
      const config = c.get('config')
      const rules: RateLimitRule[] = [
        { name: 'ip', subject: c.get('client').hash, limit: config.rateLimitPerIp },
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
      const minutes = Math.ceil(retryAfterSeconds / 60)
      return statusPage(c, formPath, 429, (t) => ({
        title: t.tooManyRequests.title,
        body: t.tooManyRequests.body(minutes),
      }))
    },
  })

/**
 * Accepts a valid submission: writes its audit event (if D1 is down: 503, nothing written or
 * sent), leaves the procedure to run after the response, and answers with the same 303 whatever
 * the procedure will find.
 */
export async function acceptSubmission(
  c: Context<AppEnv>,
  submission: {
    procedure: Procedure
    loginId: string | null
    formPath: string
    run: (services: ServiceContext) => Promise<Outcome>
  },
): Promise<Response> {
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
    return statusPage(c, submission.formPath, 503, fixedPage('unavailable'))
  }
  runAfterResponse(c, submission.procedure, async () => {
    let outcome: Outcome = 'failed'
    try {
      outcome = await submission.run(services)
    } finally {
      await settleAuditEvent(services, auditId, outcome)
    }
  })
  return c.redirect(`${submission.formPath}/sent?lang=${c.get('locale')}`, 303)
}
