import type { Context } from 'hono'
import { Hono } from 'hono/tiny'
import { requireApiKey } from '../../api/api-keys'
import { apiLocale } from '../../api/json-locale'
import { problem } from '../../api/problem'
import { type Outcome, recordAuditEvent } from '../../db/audit'
import { lockedOutEvents } from '../../events/catalog'
import { publishAfterResponse } from '../../events/publish'
import { jsonPost } from '../../http/json-post'
import { orUnavailable } from '../../http/unavailable'
import { afterResponse } from '../../platform/after-response'
import type { AppEnv } from '../../platform/context'
import { sendCurrentPasswordSuspendedMail } from '../password-change/service'
import { credentialVerificationJson } from './schema'
import { type CredentialVerificationResult, verifyCredentials } from './service'

/** The contract's (docs/contract.md#credential-verification) answers, byte for byte: `invalid` is one constant whatever made it so. */
export const VERIFICATION_ANSWERS = {
  current: '{"result":"valid","passwordKind":"current","mustChangePassword":false}',
  initialized: '{"result":"valid","passwordKind":"initialized","mustChangePassword":true}',
  invalid: '{"result":"invalid"}',
  suspended: '{"result":"suspended"}',
} as const

const answer = (c: Context<AppEnv>, body: string) =>
  c.body(body, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })

function answerOf(c: Context<AppEnv>, result: CredentialVerificationResult): Response {
  switch (result.outcome) {
    case 'valid':
      return answer(c, VERIFICATION_ANSWERS[result.passwordKind])
    case 'suspended':
      return answer(c, VERIFICATION_ANSWERS.suspended)
    case 'locked_out': {
      const seconds = Math.ceil((result.lockedUntil - c.get('services').now()) / 1000)
      return answer(
        c,
        JSON.stringify({ result: 'locked', retryAfterSeconds: Math.max(1, seconds) }),
      )
    }
    default:
      return answer(c, VERIFICATION_ANSWERS.invalid)
  }
}

/**
 * POST /api/v1/credential-verifications (docs/contract.md#credential-verification), for the login
 * system: `jsonPost` with a key holding `credentials:verify` (401 without a known key, 403
 * without the scope), the key's quota only (the lockout is the per-login-ID limit here); then
 * 200 with the answer. The audit row and any event are written after the answer, so they add
 * nothing to its time.
 */
export const credentialVerificationRoutes = new Hono<AppEnv>().route(
  '/api/v1/credential-verifications',
  jsonPost(
    {
      procedure: 'credential_verification',
      auth: requireApiKey('credentials:verify'),
      schema: credentialVerificationJson,
      loginIdOf: () => null,
    },
    async (c) => {
      const request = c.req.valid('json')
      const services = c.get('services')
      const audit = (outcome: Outcome) =>
        afterResponse(c, 'audit', () =>
          recordAuditEvent(services, {
            procedure: 'credential_verification',
            outcome,
            loginId: request.loginId,
          }),
        )
      const result = await orUnavailable(
        c,
        {
          log: 'credential_verification_failed',
          audit: {
            procedure: 'credential_verification',
            loginId: request.loginId,
            afterAnswer: true,
          },
          answer: (c) => problem(c, 503, 'service-unavailable', apiLocale(c)),
        },
        () => verifyCredentials(services, request),
      )
      if (result instanceof Response) return result
      audit(result.outcome)
      if ('lockoutStartedUntil' in result) {
        publishAfterResponse(c, lockedOutEvents(request.loginId, result.lockoutStartedUntil))
        const { suspendedAccount } = result
        if (suspendedAccount) {
          afterResponse(c, 'current_password_suspended_mail', () =>
            sendCurrentPasswordSuspendedMail(services, suspendedAccount),
          )
        }
      }
      return answerOf(c, result)
    },
  ),
)
