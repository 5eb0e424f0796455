import { hashChosenPassword } from '../../credentials/chosen-password'
import { hmacSha256Hex } from '../../credentials/hash'
import { clientKey } from '../../middleware/client'
import type { ServiceContext } from '../../platform/context'
import { checkCredentials, type FailedTry, failedTry } from '../password-change/service'
import type { CredentialVerificationRequest } from './schema'
import { markVerified, storeVerified } from './store'

export type CredentialVerificationResult =
  | { outcome: 'valid'; passwordKind: 'current' | 'initialized' }
  | { outcome: 'suspended' }
  | FailedTry

/**
 * Who the lockout counts this try against: the end user's address when the login system passed
 * it (as the forms count an address: its /64 for IPv6, keyed), else the API key itself.
 */
export const verifyingClientHash = (ctx: ServiceContext, clientAddress: string | undefined) =>
  clientAddress === undefined
    ? hmacSha256Hex(ctx.config.clientHashKey, `api-key:${ctx.apiKeyId ?? ''}`)
    : hmacSha256Hex(ctx.config.clientHashKey, clientKey(clientAddress))

/**
 * docs/contract.md#credential-verification: checks a login ID and password for the login system with the password change's own
 * check (the shared lockout; the same statements and one PBKDF2 for a wrong password, an unknown
 * login ID and an inactive account). An initialized password answers `valid` once (`verified_at`)
 * and stays usable for the password change (docs/passwords.md). A right password takes its try off the failures, and a current
 * password whose stored hash is weaker than today's (`verifyChosenPassword`'s `needsRehash`: a
 * legacy PBKDF2 import, or Argon2id below today's cost) is stored again at today's cost.
 */
export async function verifyCredentials(
  ctx: ServiceContext,
  request: CredentialVerificationRequest,
): Promise<CredentialVerificationResult> {
  const { loginId, password } = request
  const clientHash = await verifyingClientHash(ctx, request.clientAddress)
  const check = await checkCredentials(ctx, { loginId, password, clientHash }, 'verification')
  if (!check.accepted) {
    // A suspended current password says so (the login system holds a key and knows its
    // accounts); a wrong try stays among the failures (shared with the password change).
    const failed = failedTry(check)
    const suspended = check.account?.currentPasswordSuspendedAt != null
    return suspended && failed.outcome === 'wrong_password' ? { outcome: 'suspended' } : failed
  }
  const { account, match } = check.accepted
  // Once: the first `valid` marks it; a concurrent second one finds it marked (docs/passwords.md).
  if (match.kind === 'initialized' && !(await markVerified(ctx.db, match.id, check.now))) {
    return failedTry({ ...check, accepted: null, suspendedNow: false })
  }
  const rehashed =
    match.kind === 'current' && check.currentNeedsRehash
      ? await hashChosenPassword(request.password, ctx.config.passwordPeppers)
      : null
  await storeVerified(ctx.db, {
    account,
    match,
    tryId: check.admission.admitted ? check.admission.tryId : null,
    rehashed,
    now: check.now,
  })
  return { outcome: 'valid', passwordKind: match.kind }
}
