import { and, inArray, sql } from 'drizzle-orm'
import { accountNotifications, accounts, PASSWORD_APPLIED_NOTICE } from '../db/schema'
import type { Database } from '../platform/context'
import type { AccountWrite } from './store'

/** Accounts per outbox INSERT: their wrapped hashes (about 150 bytes each) stay under D1's 100 KB. */
export const NOTICE_CHUNK = 200

/**
 * The outbox rows of the accounts whose hash this import applied (docs/accounts-import.md), run
 * after the upsert: only an account that now holds the very hash this run wrapped (a random
 * salt each) gets one, so a password the holder set meanwhile, which the upsert kept, is not
 * announced as changed. The Worker's cron sends them
 * (src/procedures/provisioning/notification-outbox.ts).
 */
export function queuePasswordAppliedNotices(
  db: Database,
  loginIds: readonly string[],
  hashes: readonly string[],
  now: number,
): AccountWrite {
  // INSERT … SELECT writes every column in the table's order: the fields below keep it.
  return db.insert(accountNotifications).select(
    db
      .select({
        id: sql<number>`NULL`.as('id'),
        loginId: accounts.loginId,
        kind: sql<string>`${PASSWORD_APPLIED_NOTICE.kind}`.as('kind'),
        source: sql<string>`${PASSWORD_APPLIED_NOTICE.source}`.as('source'),
        passwordChangedAt: sql<number>`${accounts.passwordChangedAt}`.as('password_changed_at'),
        createdAt: sql<number>`${now}`.as('created_at'),
        sentAt: sql<number | null>`NULL`.as('sent_at'),
        attempts: sql<number>`0`.as('attempts'),
        claimedAt: sql<number | null>`NULL`.as('claimed_at'),
        lastError: sql<string | null>`NULL`.as('last_error'),
      })
      .from(accounts)
      .where(
        and(inArray(accounts.loginId, [...loginIds]), inArray(accounts.passwordHash, [...hashes])),
      ),
  )
}
