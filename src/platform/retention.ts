import { and, lt } from 'drizzle-orm'
import { DELIVERY_CAP } from '../db/delivery-cap'
import { auditEvents, initializedPasswords, loginIdNotifications } from '../db/schema'
import type { Database } from './context'

const DAY = 24 * 60 * 60 * 1000
/** SPEC 9: audit events are kept for 90 days. */
export const AUDIT_RETENTION_MS = 90 * DAY
/** Rows younger than the 24-hour cap window still count toward the caps, so they stay. */
const CAP_WINDOW_MS = DELIVERY_CAP.windowMs

export interface RetentionResult {
  auditEvents: number
  initializedPasswords: number
  loginIdNotifications: number
}

/**
 * Deletes audit events older than 90 days, and initialized passwords past their expiry once
 * they no longer count toward the per-account cap (likewise login ID notification records).
 * Run daily by the cron trigger in wrangler.toml.
 */
export async function applyRetention(db: Database, now: number): Promise<RetentionResult> {
  const [audit, passwords, notifications] = await db.batch([
    db.delete(auditEvents).where(lt(auditEvents.occurredAt, now - AUDIT_RETENTION_MS)),
    db
      .delete(initializedPasswords)
      .where(
        and(
          lt(initializedPasswords.expiresAt, now),
          lt(initializedPasswords.issuedAt, now - CAP_WINDOW_MS),
        ),
      ),
    db.delete(loginIdNotifications).where(lt(loginIdNotifications.sentAt, now - CAP_WINDOW_MS)),
  ])
  return {
    auditEvents: audit.meta.changes,
    initializedPasswords: passwords.meta.changes,
    loginIdNotifications: notifications.meta.changes,
  }
}
