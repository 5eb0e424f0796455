import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { epochMs } from './columns'

/** The one kind of outbox row so far: a hash from the system of record was applied by the import. */
export const PASSWORD_APPLIED_NOTICE = {
  kind: 'password_changed',
  source: 'system_of_record',
} as const

/**
 * The outbox of notices the import command owes (docs/decisions/027-import-notification-outbox.md):
 * the command runs its SQL outside the Worker, so where it applies a password hash from the
 * system of record it writes a row here in the same batch, and the Worker's cron sends the
 * holder's e-mail and the `password.changed` event, then sets `sent_at`. A row that keeps
 * failing stops at `attempts` = the drain's limit, `last_error` saying why (never personal data).
 */
export const accountNotifications = sqliteTable(
  'account_notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    loginId: text('login_id').notNull(),
    kind: text('kind').notNull(),
    source: text('source').notNull(),
    /** When the system of record set the hash that was applied (the e-mail names it). */
    passwordChangedAt: epochMs('password_changed_at').notNull(),
    createdAt: epochMs('created_at').notNull(),
    sentAt: epochMs('sent_at'),
    attempts: integer('attempts').notNull().default(0),
    /** When a run last took the row: another run leaves it alone for a while (the drain's lease). */
    claimedAt: epochMs('claimed_at'),
    /** Why the last try failed or the row was skipped: an error kind or a reason, no values. */
    lastError: text('last_error'),
  },
  // The drain reads the unsent rows only: a partial index keeps that read small however many
  // were sent.
  (t) => [
    index('account_notifications_unsent_idx').on(t.attempts, t.id).where(sql`sent_at IS NULL`),
  ],
)

export type AccountNotification = typeof accountNotifications.$inferSelect
