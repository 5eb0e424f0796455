import type { Context } from 'hono'
import { Hono } from 'hono/tiny'
import { requireApiKey } from '../../api/api-keys'
import { apiLocale } from '../../api/json-locale'
import { problem } from '../../api/problem'
import { type Outcome, recordAuditEvent } from '../../db/audit'
import { lockedOutEvents } from '../../events/catalog'
import { publishAfterResponse } from '../../events/publish'
import { jsonBodyLimit, jsonOnly } from '../../http/json-body'
import { validJson } from '../../http/json-post'
import { submissionLimits } from '../../http/submission'
import { afterResponse } from '../../platform/after-response'
import type { AppEnv } from '../../platform/context'
import { errorKind } from '../../platform/log'
import { sendCurrentPasswordSuspendedMail } from '../password-change/service'
import { type CredentialVerificationRequest, credentialVerificationJson } from './schema'
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

const METHODS_OTHER_THAN_POST = ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * POST /api/v1/credential-verifications (docs/contract.md#credential-verification), for the login system: a key with
 * `credentials:verify` (401 without a known key, 403 without the scope), then 413, 415, 400, 422
 * and the key's quota (429) as on every JSON route; then 200 with the answer. The audit row and
 * any event are written after the answer, so they add nothing to its time.
 */
export const credentialVerificationRoutes = new Hono<AppEnv>()
  .post(
    '/',
    requireApiKey('credentials:verify'),
    jsonBodyLimit(),
    jsonOnly(),
    validJson('credential_verification', credentialVerificationJson),
    // The key's quota only: the lockout is the per-login-ID limit here.
    submissionLimits<{ out: { json: CredentialVerificationRequest } }>(
      'credential_verification',
      () => null,
      (c) => problem(c, 429, 'too-many-requests', apiLocale(c)),
    ),
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
      let result: CredentialVerificationResult
      try {
        result = await verifyCredentials(services, request)
      } catch (error) {
        services.logger.error('credential_verification_failed', {
          requestId: services.requestId,
          error: errorKind(error),
        })
        audit('failed')
        return problem(c, 503, 'service-unavailable', apiLocale(c))
      }
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
  )
  .on(METHODS_OTHER_THAN_POST, '/', (c) => {
    const response = problem(c, 405, 'method-not-allowed', apiLocale(c))
    response.headers.set('Allow', 'POST')
    return response
  })
