import { and, lt } from 'drizzle-orm'
import type { AuditDatabase, Database } from '../platform/context'
import { DELIVERY_CAP } from './delivery-cap'
import {
  accountNotifications,
  initializedPasswords,
  loginIdNotifications,
  passwordChangeFailures,
} from './schema'
import { auditEvents, refusedSubmissions } from './schema/audit-tables'

const DAY = 24 * 60 * 60 * 1000
/** docs/contract.md#security-baseline: audit events are kept for 90 days. */
export const AUDIT_RETENTION_MS = 90 * DAY
/** Rows younger than the 24-hour cap window still count toward the caps, so they stay. */
const CAP_WINDOW_MS = DELIVERY_CAP.windowMs
/** Wrong password change tries matter for 15 minutes (the lockout); a day is plenty. */
export const PASSWORD_CHANGE_FAILURE_RETENTION_MS = DAY

export interface RetentionResult {
  auditEvents: number
  initializedPasswords: number
  loginIdNotifications: number
  passwordChangeFailures: number
  refusedSubmissions: number
  accountNotifications: number
}

/**
 * Deletes, in the audit database, audit events and refused-submission counts older than 90 days;
 * in the accounts database, initialized passwords past their expiry once they no longer count
 * toward the per-account cap (likewise login ID notification records), and wrong password change
 * tries older than a day, and outbox rows (docs/operations.md#the-import-outbox, sent or given
 * up) older than 90 days. One batch in each database, the two at once. Run daily by the cron
 * trigger in wrangler.toml.
 */
export async function applyRetention(
  db: Database,
  auditDb: AuditDatabase,
  now: number,
): Promise<RetentionResult> {
  const auditBefore = now - AUDIT_RETENTION_MS
  const [[audit, refused], [passwords, notifications, failures, outbox]] = await Promise.all([
    auditDb.batch([
      auditDb.delete(auditEvents).where(lt(auditEvents.occurredAt, auditBefore)),
      auditDb.delete(refusedSubmissions).where(lt(refusedSubmissions.lastAt, auditBefore)),
    ]),
    retainAccountsRows(db, now),
  ])
  return {
    auditEvents: audit.meta.changes,
    initializedPasswords: passwords.meta.changes,
    loginIdNotifications: notifications.meta.changes,
    passwordChangeFailures: failures.meta.changes,
    refusedSubmissions: refused.meta.changes,
    accountNotifications: outbox.meta.changes,
  }
}

const retainAccountsRows = (db: Database, now: number) =>
  db.batch([
    db
      .delete(initializedPasswords)
      .where(
        and(
          lt(initializedPasswords.expiresAt, now),
          lt(initializedPasswords.issuedAt, now - CAP_WINDOW_MS),
        ),
      ),
    db.delete(loginIdNotifications).where(lt(loginIdNotifications.sentAt, now - CAP_WINDOW_MS)),
    db
      .delete(passwordChangeFailures)
      .where(lt(passwordChangeFailures.failedAt, now - PASSWORD_CHANGE_FAILURE_RETENTION_MS)),
    // A given-up row too: a notice 90 days late tells nobody anything.
    db
      .delete(accountNotifications)
      .where(lt(accountNotifications.createdAt, now - AUDIT_RETENTION_MS)),
  ])
