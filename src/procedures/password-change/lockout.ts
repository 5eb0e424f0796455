import { and, eq, type SQL, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { passwordChangeFailures } from '../../db/schema'
import type { Database } from '../../platform/context'

const MINUTE = 60_000

/**
 * SPEC 5: five wrong passwords for one login ID within 15 minutes lock further tries for that
 * login ID for 15 minutes (from the fifth).
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
 * `FROM … WHERE …` of the login ID's failures that lock it at `now`: those less than 15 minutes
 * old that were at least the fifth within 15 minutes.
 */
const lockingFailures = (loginId: string, now: number): SQL => sql`
  FROM ${passwordChangeFailures} AS failure
  WHERE ${failure.loginId} = ${loginId}
    AND ${failure.failedAt} > ${now - lockMs}
    AND (
      SELECT count(*) FROM ${passwordChangeFailures} AS earlier
      WHERE ${earlier.loginId} = ${loginId}
        AND ${earlier.failedAt} > ${failure.failedAt} - ${windowMs}
        AND ${earlier.failedAt} <= ${failure.failedAt}
    ) >= ${maxFailures}`

export type TryAdmission =
  | { admitted: true; tryId: string }
  | { admitted: false; lockedUntil: number }

/**
 * Admits a try unless its login ID is locked, and counts it as a failure until `forgetTry`
 * says its password was right. One conditional INSERT: D1 runs statements one at a time, so
 * concurrent posts can not check more passwords between them than the lockout allows.
 */
export async function admitTry(db: Database, loginId: string, now: number): Promise<TryAdmission> {
  const tryId = crypto.randomUUID()
  const inserted = await db.run(sql`
    INSERT INTO ${passwordChangeFailures} (id, login_id, failed_at)
    SELECT ${tryId}, ${loginId}, ${now}
    WHERE NOT EXISTS (SELECT 1 ${lockingFailures(loginId, now)})
  `)
  if (inserted.meta.changes === 1) return { admitted: true, tryId }
  const lock = await db.get<{ lockedUntil: number | null }>(
    sql`SELECT max(${failure.failedAt}) + ${lockMs} AS lockedUntil ${lockingFailures(loginId, now)}`,
  )
  return { admitted: false, lockedUntil: lock?.lockedUntil ?? now + lockMs }
}

/** The statement that takes a try whose password was right off the failures, when `when` holds. */
export const forgetTry = (db: Database, tryId: string, when: SQL) =>
  db.delete(passwordChangeFailures).where(and(eq(passwordChangeFailures.id, tryId), when))
