import { and, eq, exists, isNull, type SQL } from 'drizzle-orm'
import { type Account, accounts, initializedPasswords } from '../../db/schema'
import type { Database } from '../../platform/context'
import { CONSECUTIVE_FAILURES_CLEARED } from './failure-limit'
import { forgetFailuresOf } from './lockout'
import { type PasswordMatch, usableAt } from './read'

/**
 * Stores the new password in one D1 batch (a transaction): the account's hash changes only if the
 * matched password is still what it was (the initialized one still usable, or the current hash
 * unchanged), the initialized one is used up by one conditional UPDATE, and every other unused
 * one is revoked. Of concurrent posts with one password, only the first changes anything.
 * Returns whether the change was made.
 */
export async function storeNewPassword(
  db: Database,
  change: {
    account: Account
    match: PasswordMatch
    newHash: string
    now: number
  },
): Promise<boolean> {
  const { account, match, newHash, now } = change
  // The new hash has a fresh salt, so finding it on the account means this change was made.
  const changeMade: SQL = exists(
    db
      .select({ loginId: accounts.loginId })
      .from(accounts)
      .where(and(eq(accounts.loginId, account.loginId), eq(accounts.passwordHash, newHash))),
  )
  const revokeUnused = db
    .update(initializedPasswords)
    .set({ revokedAt: now, revokedReason: 'password_changed' })
    .where(
      and(
        eq(initializedPasswords.loginId, account.loginId),
        isNull(initializedPasswords.usedAt),
        isNull(initializedPasswords.revokedAt),
        changeMade,
      ),
    )
  const setHash = (stillValid: SQL) =>
    db
      .update(accounts)
      .set({
        passwordHash: newHash,
        passwordChangedAt: now,
        updatedAt: now,
        ...CONSECUTIVE_FAILURES_CLEARED,
      })
      .where(and(eq(accounts.loginId, account.loginId), eq(accounts.status, 'active'), stillValid))

  // The new password starts with no failures, this try's among them (docs/passwords.md).
  const forget = forgetFailuresOf(db, account.loginId, changeMade)

  if (match.kind === 'current') {
    const [updated] = await db.batch([
      setHash(eq(accounts.passwordHash, match.hash)),
      revokeUnused,
      forget,
    ])
    return updated.meta.changes === 1
  }

  const thisOneUsable = and(eq(initializedPasswords.id, match.id), usableAt(now))
  const [updated, consumed] = await db.batch([
    setHash(
      exists(
        db.select({ id: initializedPasswords.id }).from(initializedPasswords).where(thisOneUsable),
      ),
    ),
    // Consuming: one conditional UPDATE, so the initialized password works once.
    db.update(initializedPasswords).set({ usedAt: now }).where(thisOneUsable),
    revokeUnused,
    forget,
  ])
  return updated.meta.changes === 1 && consumed.meta.changes === 1
}
