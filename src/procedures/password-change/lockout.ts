import { and, eq, gt, notExists, type SQL, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { passwordChangeFailures } from '../../db/schema'
import type { Database } from '../../platform/context'

const MINUTE = 60_000

/**
 * docs/contract.md#password-change: five wrong passwords for one login ID within 15 minutes lock further tries of the
 * current password for that login ID for 15 minutes (from the fifth). An unexpired initialized
 * password is still accepted meanwhile.
 */
export const PASSWORD_CHANGE_LOCKOUT = {
  maxFailures: 5,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
} as const

const { maxFailures, windowMs, lockMs } = PASSWORD_CHANGE_LOCKOUT
const failure = alias(passwordChangeFailures, 'failure')
const earlier = alias(passwordChangeFailures, 'earlier')

/**
 * The login ID's failures that lock it at `now`: those less than 15 minutes old that were at
 * least the fifth within 15 minutes.
 */
const lockingFailure = (loginId: string, now: number): SQL | undefined =>
  and(
    eq(failure.loginId, loginId),
    gt(failure.failedAt, now - lockMs),
    sql`(
      SELECT count(*) FROM ${passwordChangeFailures} AS earlier
      WHERE ${earlier.loginId} = ${loginId}
        AND ${earlier.failedAt} > ${failure.failedAt} - ${windowMs}
        AND ${earlier.failedAt} <= ${failure.failedAt}
    ) >= ${maxFailures}`,
  )

export type TryAdmission =
  | {
      admitted: true
      tryId: string
      /** When this try, if its password is wrong, is the fifth failure: the lockout's end. */
      locksUntilIfWrong: number | null
    }
  | { admitted: false; lockedUntil: number }

/**
 * Admits a try of the current password unless its login ID is locked, and counts it as a failure
 * until `forgetTry` says its password was right. One batch, the same two statements for every
 * login ID, known or not, locked or not: a conditional INSERT (D1 runs statements one at a time,
 * so concurrent posts can not check more passwords between them than the lockout allows), then
 * the lock's end.
 */
export async function admitTry(db: Database, loginId: string, now: number): Promise<TryAdmission> {
  const tryId = crypto.randomUUID()
  const locking = db.select({ id: failure.id }).from(failure).where(lockingFailure(loginId, now))
  const [inserted, [lock]] = await db.batch([
    db.insert(passwordChangeFailures).select(
      db
        .select({
          id: sql<string>`${tryId}`.as('id'),
          loginId: sql<string>`${loginId}`.as('login_id'),
          failedAt: sql<number>`${now}`.as('failed_at'),
        })
        .from(sql`(SELECT 1)`)
        .where(notExists(locking)),
    ),
    db
      .select({ lockedUntil: sql<number | null>`max(${failure.failedAt}) + ${lockMs}` })
      .from(failure)
      .where(lockingFailure(loginId, now)),
  ])
  // The lock's end is read after the INSERT: when admitting this try made the login ID locked,
  // this try is the fifth failure (unless forgetTry takes it off).
  if (inserted.meta.changes === 1) {
    return { admitted: true, tryId, locksUntilIfWrong: lock?.lockedUntil ?? null }
  }
  return { admitted: false, lockedUntil: lock?.lockedUntil ?? now + lockMs }
}

/** The statement that takes a try whose password was right off the failures, when `when` holds. */
export const forgetTry = (db: Database, tryId: string, when: SQL) =>
  db.delete(passwordChangeFailures).where(and(eq(passwordChangeFailures.id, tryId), when))
