import { and, eq, isNull, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { type Account, accounts, initializedPasswords } from '../../db/schema'
import type { Database } from '../../platform/context'
import { CONSECUTIVE_FAILURES_CLEARED } from '../password-change/failure-limit'
import { forgetTry } from '../password-change/lockout'
import type { PasswordMatch } from '../password-change/read'

/**
 * Marks an initialized password verified, once (docs/passwords.md): false when a concurrent
 * verification marked it first.
 */
export async function markVerified(db: Database, id: string, now: number): Promise<boolean> {
  const [marked] = await db
    .update(initializedPasswords)
    .set({ verifiedAt: now })
    .where(and(eq(initializedPasswords.id, id), isNull(initializedPasswords.verifiedAt)))
    .returning({ id: initializedPasswords.id })
  return marked !== undefined
}

/**
 * What a right password writes, in one D1 batch (none when there is nothing to write): its try
 * off the failures (`tryId`, when the try was admitted), the 100-in-a-row count cleared by a
 * right current password, and `rehashed`, the current password at today's cost, stored only
 * while the hash is still the one that verified (a password changed meanwhile stands).
 */
export async function storeVerified(
  db: Database,
  verified: {
    account: Account
    match: PasswordMatch
    tryId: string | null
    rehashed: string | null
    now: number
  },
): Promise<void> {
  const { account, match, tryId, rehashed, now } = verified
  const writes: BatchItem<'sqlite'>[] = []
  if (tryId !== null) writes.push(forgetTry(db, tryId, sql`1 = 1`))
  // A right current password is the success the 100-in-a-row count starts again from.
  if (match.kind === 'current' && account.failedPasswordTries > 0) {
    writes.push(
      db
        .update(accounts)
        .set(CONSECUTIVE_FAILURES_CLEARED)
        .where(eq(accounts.loginId, account.loginId)),
    )
  }
  if (match.kind === 'current' && rehashed !== null) {
    writes.push(
      db
        .update(accounts)
        .set({ passwordHash: rehashed, updatedAt: now })
        .where(and(eq(accounts.loginId, account.loginId), eq(accounts.passwordHash, match.hash))),
    )
  }
  const [first, ...rest] = writes
  if (first) await db.batch([first, ...rest])
}
