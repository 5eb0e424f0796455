import { and, lt } from 'drizzle-orm'
import type { AuditRotation } from '../platform/audit-rotation'
import type { AuditDatabase, Database } from '../platform/context'
import {
  AUDIT_RETENTION_MS,
  type AuditRetentionResult,
  applyAuditRetention,
} from './audit-retention'
import { DELIVERY_CAP } from './delivery-cap'
import {
  accountNotifications,
  initializedPasswords,
  loginIdNotifications,
  passwordChangeFailures,
} from './schema'

const DAY = 24 * 60 * 60 * 1000
/** Rows younger than the 24-hour cap window still count toward the caps, so they stay. */
const CAP_WINDOW_MS = DELIVERY_CAP.windowMs
/** Wrong password change tries matter for 15 minutes (the lockout); a day is plenty. */
export const PASSWORD_CHANGE_FAILURE_RETENTION_MS = DAY

export interface RetentionResult extends AuditRetentionResult {
  initializedPasswords: number
  loginIdNotifications: number
  passwordChangeFailures: number
  accountNotifications: number
}

/**
 * Deletes, in the audit databases, audit events and refused-submission counts older than 90 days
 * (`applyAuditRetention`: with rotation, a database whose rows are all past it is emptied whole);
 * in the accounts database, initialized passwords past their expiry once they no longer count
 * toward the per-account cap (likewise login ID notification records), and wrong password change
 * tries older than a day, and outbox rows (docs/operations.md#the-import-outbox, sent or given
 * up) older than 90 days. One batch in each database, all at once. Run daily by the cron
 * trigger in wrangler.toml.
 */
export async function applyRetention(
  db: Database,
  audit: { databases: readonly AuditDatabase[]; rotation: AuditRotation },
  now: number,
): Promise<RetentionResult> {
  const [auditResult, [passwords, notifications, failures, outbox]] = await Promise.all([
    applyAuditRetention(audit.databases, audit.rotation, now),
    retainAccountsRows(db, now),
  ])
  return {
    ...auditResult,
    initializedPasswords: passwords.meta.changes,
    loginIdNotifications: notifications.meta.changes,
    passwordChangeFailures: failures.meta.changes,
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
