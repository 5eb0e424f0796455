import { eq, sql } from 'drizzle-orm'
import { accounts } from '../../db/schema'
import type { Database } from '../../platform/context'

/**
 * NIST SP 800-63B-4 3.2.2: at most 100 consecutive failed tries of an account's current password.
 * At the 100th, current-password tries are refused until a password change succeeds (with an
 * initialized password: the holder can always get back in by e-mail), and the holder is told.
 */
export const MAX_CONSECUTIVE_FAILURES = 100

/**
 * Counts one wrong password against the login ID's account: one UPDATE, the same statement for
 * an unknown login ID (it changes no row) and for a try that does not count (`counts` false: its
 * client already gave its share, docs/passwords.md; it adds 0). True when this try is the one
 * that suspended the current password, so that exactly one e-mail says so.
 */
export async function countConsecutiveFailure(
  db: Database,
  loginId: string,
  now: number,
  counts = true,
): Promise<boolean> {
  const step = counts ? 1 : 0
  const [row] = await db
    .update(accounts)
    .set({
      failedPasswordTries: sql`${accounts.failedPasswordTries} + ${step}`,
      // SQLite evaluates every SET expression on the row as it was: the old count.
      currentPasswordSuspendedAt: sql`CASE
        WHEN ${accounts.currentPasswordSuspendedAt} IS NULL AND ${step} = 1
          AND ${accounts.failedPasswordTries} + 1 >= ${MAX_CONSECUTIVE_FAILURES}
        THEN ${now} ELSE ${accounts.currentPasswordSuspendedAt} END`,
    })
    .where(eq(accounts.loginId, loginId))
    .returning({ suspendedAt: accounts.currentPasswordSuspendedAt })
  return row?.suspendedAt === now
}

/** What a successful change sets on the account: the count starts again, tries work again. */
export const CONSECUTIVE_FAILURES_CLEARED = {
  failedPasswordTries: 0,
  currentPasswordSuspendedAt: null,
} as const
