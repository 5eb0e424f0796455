import { and, eq, gt, isNull, type SQL } from 'drizzle-orm'
import { accounts, initializedPasswords } from '../../db/schema'
import type { Database } from '../../platform/context'

/** Which of a login ID's passwords a typed one matched. */
export type PasswordMatch = { kind: 'initialized'; id: string } | { kind: 'current'; hash: string }

/** docs/contract.md#initialized-passwords: unused, unrevoked and unexpired (wrong tries never use one up). */
export const usableAt = (now: number) =>
  and(
    isNull(initializedPasswords.usedAt),
    isNull(initializedPasswords.revokedAt),
    gt(initializedPasswords.expiresAt, now),
  )

/**
 * The account of a login ID with each of its initialized passwords that `usable` lets through:
 * one row per password (one with none when it has none), no row for an unknown login ID.
 */
export const accountWithPasswords = (db: Database, loginId: string, usable: SQL | undefined) =>
  db
    .select({
      account: accounts,
      initialized: { id: initializedPasswords.id, hash: initializedPasswords.passwordHash },
    })
    .from(accounts)
    .leftJoin(initializedPasswords, and(eq(initializedPasswords.loginId, accounts.loginId), usable))
    .where(eq(accounts.loginId, loginId))
