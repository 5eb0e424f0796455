import { and, eq, gt, notExists, type SQL, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { passwordChangeFailures } from '../../db/schema'
import type { Database } from '../../platform/context'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/**
 * Five wrong passwords for one login ID from one client within 15 minutes lock further tries of
 * the current password for that login ID from that client for 15 minutes (from the fifth); other
 * clients, the holder's among them, are not locked (docs/passwords.md). An unexpired initialized
 * password is still accepted meanwhile.
 */
export const PASSWORD_CHANGE_LOCKOUT = {
  maxFailures: 5,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
} as const

/**
 * The slow backstop: once a login ID has 50 failures within 24 hours from all clients, a client
 * with 5 failures for it within those 24 hours gets no more until they age out. A successful
 * change deletes the login ID's failures, so it never locks a password set after them.
 */
export const PASSWORD_CHANGE_BACKSTOP = {
  maxFailures: 50,
  maxFailuresPerClient: 5,
  windowMs: 24 * HOUR,
} as const

const { maxFailures, windowMs, lockMs } = PASSWORD_CHANGE_LOCKOUT
const backstop = PASSWORD_CHANGE_BACKSTOP
const failure = alias(passwordChangeFailures, 'failure')
const earlier = alias(passwordChangeFailures, 'earlier')

/** Who tried what: the login ID as typed and the keyed hash of the client. */
export interface TryOf {
  loginId: string
  clientHash: string
}

/**
 * The client's failures for the login ID that lock it at `now`: those less than 15 minutes old
 * that were at least the fifth from that client within 15 minutes.
 */
const lockingFailure = ({ loginId, clientHash }: TryOf, now: number): SQL | undefined =>
  and(
    eq(failure.loginId, loginId),
    eq(failure.clientHash, clientHash),
    gt(failure.failedAt, now - lockMs),
    sql`(
      SELECT count(*) FROM ${passwordChangeFailures} AS earlier
      WHERE ${earlier.loginId} = ${loginId}
        AND ${earlier.clientHash} = ${clientHash}
        AND ${earlier.failedAt} > ${failure.failedAt} - ${windowMs}
        AND ${earlier.failedAt} <= ${failure.failedAt}
    ) >= ${maxFailures}`,
  )

/** The time of the `nth` newest failure within the backstop's window, of the login ID (or client). */
const nthNewestFailure = (nth: number, loginId: string, now: number, clientHash?: string) => sql`(
  SELECT ${passwordChangeFailures.failedAt} FROM ${passwordChangeFailures}
  WHERE ${passwordChangeFailures.loginId} = ${loginId}
    ${clientHash === undefined ? sql`` : sql`AND ${passwordChangeFailures.clientHash} = ${clientHash}`}
    AND ${passwordChangeFailures.failedAt} > ${now - backstop.windowMs}
  ORDER BY ${passwordChangeFailures.failedAt} DESC LIMIT 1 OFFSET ${nth - 1}
)`

/**
 * When the backstop stops refusing this client: the sooner of the login ID's 50th newest failure
 * and the client's 5th newest ageing out. NULL (SQLite's min of a NULL) when it does not refuse.
 */
const backstopUntil = ({ loginId, clientHash }: TryOf, now: number) =>
  sql<number | null>`min(
    ${nthNewestFailure(backstop.maxFailures, loginId, now)},
    ${nthNewestFailure(backstop.maxFailuresPerClient, loginId, now, clientHash)}
  ) + ${backstop.windowMs}`

export type TryAdmission =
  | {
      admitted: true
      tryId: string
      /** When this try, if its password is wrong, locks its client out: the lockout's end. */
      locksUntilIfWrong: number | null
      /**
       * Whether this try, if wrong, counts toward the account's 100 in a row: only a client's first
       * five failures for the login ID within 24 hours do (docs/passwords.md).
       */
      countsTowardSuspension: boolean
    }
  | { admitted: false; lockedUntil: number }

/**
 * Admits a try of the current password unless its login ID is locked for its client, and counts
 * it as a failure until `forgetTry` says its password was right. One batch, the same two
 * statements for every login ID, known or not, locked or not: a conditional INSERT (D1 runs
 * statements one at a time, so concurrent posts can not check more passwords between them than
 * the lockout allows), then the lock's end and the client's count.
 */
export async function admitTry(db: Database, attempt: TryOf, now: number): Promise<TryAdmission> {
  const tryId = crypto.randomUUID()
  const locking = db.select({ id: failure.id }).from(failure).where(lockingFailure(attempt, now))
  const [inserted, [lock]] = await db.batch([
    db.insert(passwordChangeFailures).select(
      db
        .select({
          id: sql<string>`${tryId}`.as('id'),
          loginId: sql<string>`${attempt.loginId}`.as('login_id'),
          clientHash: sql<string>`${attempt.clientHash}`.as('client_hash'),
          failedAt: sql<number>`${now}`.as('failed_at'),
        })
        .from(sql`(SELECT 1)`)
        .where(and(notExists(locking), sql`${backstopUntil(attempt, now)} IS NULL`)),
    ),
    db
      .select({
        lockedUntil: sql<number | null>`max(${failure.failedAt}) + ${lockMs}`,
        backstopUntil: backstopUntil(attempt, now),
        clientFailuresToday: sql<number>`(
          SELECT count(*) FROM ${passwordChangeFailures}
          WHERE ${passwordChangeFailures.loginId} = ${attempt.loginId}
            AND ${passwordChangeFailures.clientHash} = ${attempt.clientHash}
            AND ${passwordChangeFailures.failedAt} > ${now - backstop.windowMs}
        )`,
      })
      .from(failure)
      .where(lockingFailure(attempt, now)),
  ])
  const clientLockedUntil = lock?.lockedUntil ?? null
  const backstopLockedUntil = lock?.backstopUntil ?? null
  // Read after the INSERT: when admitting this try locked the client, this try is the fifth
  // failure (unless forgetTry takes it off); its own row is among the client's count.
  if (inserted.meta.changes === 1) {
    return {
      admitted: true,
      tryId,
      locksUntilIfWrong: clientLockedUntil ?? backstopLockedUntil,
      countsTowardSuspension: (lock?.clientFailuresToday ?? 0) <= backstop.maxFailuresPerClient,
    }
  }
  const lockedUntil = Math.max(clientLockedUntil ?? 0, backstopLockedUntil ?? 0)
  return { admitted: false, lockedUntil: lockedUntil > 0 ? lockedUntil : now + lockMs }
}

/** The statement that takes a try whose password was right off the failures, when `when` holds. */
export const forgetTry = (db: Database, tryId: string, when: SQL) =>
  db.delete(passwordChangeFailures).where(and(eq(passwordChangeFailures.id, tryId), when))

/**
 * The statement that deletes every failure of the login ID, when `when` holds: a new password
 * starts with none, so no lockout or backstop counted before it applies to it.
 */
export const forgetFailuresOf = (db: Database, loginId: string, when: SQL) =>
  db.delete(passwordChangeFailures).where(and(eq(passwordChangeFailures.loginId, loginId), when))
