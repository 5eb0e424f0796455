import { and, eq, isNull, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { hashChosenPassword } from '../../credentials/chosen-password'
import { hmacSha256Hex } from '../../credentials/hash'
import { accounts, initializedPasswords } from '../../db/schema'
import { clientKey } from '../../middleware/client'
import type { ServiceContext } from '../../platform/context'
import { CONSECUTIVE_FAILURES_CLEARED } from '../password-change/failure-limit'
import { forgetTry } from '../password-change/lockout'
import { checkCredentials, type FailedTry, failedTry } from '../password-change/service'
import type { CredentialVerificationRequest } from './schema'

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
  const writes: BatchItem<'sqlite'>[] = []
  if (match.kind === 'initialized') {
    // Once: the first `valid` marks it; a concurrent second one finds it marked (docs/passwords.md).
    const [marked] = await ctx.db
      .update(initializedPasswords)
      .set({ verifiedAt: check.now })
      .where(and(eq(initializedPasswords.id, match.id), isNull(initializedPasswords.verifiedAt)))
      .returning({ id: initializedPasswords.id })
    if (!marked) return failedTry({ ...check, accepted: null, suspendedNow: false })
  }
  if (check.admission.admitted) writes.push(forgetTry(ctx.db, check.admission.tryId, sql`1 = 1`))
  // A right current password is the success the 100-in-a-row count starts again from.
  if (match.kind === 'current' && account.failedPasswordTries > 0) {
    writes.push(
      ctx.db
        .update(accounts)
        .set(CONSECUTIVE_FAILURES_CLEARED)
        .where(eq(accounts.loginId, account.loginId)),
    )
  }
  if (match.kind === 'current' && check.currentNeedsRehash) {
    const rehashed = await hashChosenPassword(request.password, ctx.config.passwordPeppers)
    // Only while the hash is still the one that verified: a password changed meanwhile stands.
    writes.push(
      ctx.db
        .update(accounts)
        .set({ passwordHash: rehashed, updatedAt: check.now })
        .where(and(eq(accounts.loginId, account.loginId), eq(accounts.passwordHash, match.hash))),
    )
  }
  const [first, ...rest] = writes
  if (first) await ctx.db.batch([first, ...rest])
  return { outcome: 'valid', passwordKind: match.kind }
}
