import { lt, max } from 'drizzle-orm'
import { AUDIT_RETENTION_DAYS, type AuditRotation, writtenSlot } from '../platform/audit-rotation'
import type { AuditDatabase } from '../platform/context'
import { auditEvents, refusedSubmissions } from './schema/audit-tables'

const DAY = 24 * 60 * 60 * 1000
/** docs/contract.md#security-baseline: audit events are kept for 90 days. */
export const AUDIT_RETENTION_MS = AUDIT_RETENTION_DAYS * DAY
/**
 * A database written now, or within this long, is never emptied whole, only pruned by time: a
 * clock a little ahead (another isolate's, or the cron's) can not lose the new period's first rows.
 */
export const WRITE_MARGIN_MS = 60 * 60 * 1000

export interface AuditRetentionResult {
  auditEvents: number
  refusedSubmissions: number
  /** The bindings of the audit databases emptied whole this run (rotation only). */
  emptiedAuditDatabases: string[]
}

/** The rows older than the retention: a range of the traffic index and of `last_at`'s. */
const prune = (db: AuditDatabase, before: number) =>
  db.batch([
    db.delete(auditEvents).where(lt(auditEvents.occurredAt, before)),
    db.delete(refusedSubmissions).where(lt(refusedSubmissions.lastAt, before)),
  ])

/** Every row: a DELETE without a WHERE, which SQLite runs as a truncation. */
const empty = (db: AuditDatabase) =>
  db.batch([db.delete(auditEvents), db.delete(refusedSubmissions)])

/** True when every row of the database is older than `before` (or there is none): one index probe each. */
async function wholeExpired(db: AuditDatabase, before: number): Promise<boolean> {
  const [events, refusals] = await db.batch([
    db.select({ newest: max(auditEvents.occurredAt) }).from(auditEvents),
    db.select({ newest: max(refusedSubmissions.lastAt) }).from(refusedSubmissions),
  ])
  const newest = Math.max(events[0]?.newest ?? 0, refusals[0]?.newest ?? 0)
  return newest < before
}

/**
 * Deletes audit rows older than 90 days in every audit database (docs/decisions/034-audit-rotation.md).
 * A database neither written now nor within `WRITE_MARGIN_MS` whose every row is past the
 * retention is emptied whole, so it is empty before its next period writes to it; any other is
 * pruned by time, which is what the one database of a deployment without rotation gets, as before.
 * Whether a database is emptied is decided from its rows, never from the period arithmetic alone,
 * so a changed `AUDIT_PERIOD_DAYS` or a new binding can not empty a database holding young rows.
 */
export async function applyAuditRetention(
  databases: readonly AuditDatabase[],
  rotation: AuditRotation,
  now: number,
): Promise<AuditRetentionResult> {
  const before = now - AUDIT_RETENTION_MS
  const written = new Set([
    writtenSlot(rotation, now),
    writtenSlot(rotation, now + WRITE_MARGIN_MS),
  ])
  const runs = await Promise.all(
    databases.map(async (db, slot) => {
      const whole = !written.has(slot) && (await wholeExpired(db, before))
      const [events, refusals] = await (whole ? empty(db) : prune(db, before))
      return { whole, events: events.meta.changes, refusals: refusals.meta.changes }
    }),
  )
  return {
    auditEvents: runs.reduce((sum, run) => sum + run.events, 0),
    refusedSubmissions: runs.reduce((sum, run) => sum + run.refusals, 0),
    emptiedAuditDatabases: runs.flatMap((run, slot) =>
      run.whole && run.events + run.refusals > 0 ? [rotation.bindings[slot] ?? ''] : [],
    ),
  }
}
