import { and, eq, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { hashChosenPassword } from '../../credentials/chosen-password'
import { accounts } from '../../db/schema'
import type { ServiceContext } from '../../platform/context'
import { CONSECUTIVE_FAILURES_CLEARED } from '../password-change/failure-limit'
import { forgetTry } from '../password-change/lockout'
import { checkCredentials, type FailedTry, failedTry } from '../password-change/service'
import type { CredentialVerificationRequest } from './schema'

export type CredentialVerificationResult =
  | { outcome: 'valid'; passwordKind: 'current' | 'initialized' }
  | FailedTry

/**
 * docs/contract.md#credential-verification: checks a login ID and password for the login system with the password change's own
 * check (the shared lockout; the same statements and one PBKDF2 for a wrong password, an unknown
 * login ID and an inactive account). Verifying uses nothing up: an initialized password stays
 * usable for the password change. A right password takes its try off the failures, and a current
 * password whose stored hash is weaker than today's (`verifyChosenPassword`'s `needsRehash`: a
 * legacy PBKDF2 import, or Argon2id below today's cost) is stored again at today's cost.
 */
export async function verifyCredentials(
  ctx: ServiceContext,
  request: CredentialVerificationRequest,
): Promise<CredentialVerificationResult> {
  const check = await checkCredentials(ctx, request)
  // A wrong try stays among the failures (shared with the password change).
  if (!check.accepted) return failedTry(check)
  const { account, match } = check.accepted
  const writes: BatchItem<'sqlite'>[] = []
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
