// The traffic view's numbers (docs/operations.md#traffic-view): per hour for the last 7 days,
// submissions by procedure and outcome from audit_events, refusals from refused_submissions, and
// the busiest clients' share. Each query reads a range of one index (a test checks the plans).
// Both tables are in the audit database (docs/decisions/029-audit-database.md): one batch there.
import { and, count, desc, gte, isNotNull, sql, sum } from 'drizzle-orm'
import { auditEvents, refusedSubmissions } from '../db/schema/audit-tables'
import type { AuditDatabase } from '../platform/context'

export const HOUR_MS = 3_600_000
export const WINDOW_HOURS = 7 * 24
/** How many of the busiest clients are named (by their share, never by their hash). */
export const BUSIEST = 5

export interface TrafficSummary {
  from: string
  to: string
  /** One row per hour, procedure and outcome that had any. `hour` is its start (ISO 8601). */
  submissions: Array<{ hour: string; procedure: string; outcome: string; count: number }>
  /** 422 (`invalid`) and 429 (`rate_limited`) answers, by the hour their window began. */
  refusals: Array<{ hour: string; procedure: string; outcome: string; count: number }>
  totalSubmissions: number
  /** The busiest clients' shares of all submissions in the window, largest first (0 to 1). */
  busiestClientShares: number[]
}

const hourOf = (column: typeof auditEvents.occurredAt | typeof refusedSubmissions.windowStart) =>
  // A literal: D1 binds a JS number as REAL, which would make the division fractional.
  sql<number>`(${column} / ${sql.raw(String(HOUR_MS))}) * ${sql.raw(String(HOUR_MS))}`

export const submissionsQuery = (db: AuditDatabase, since: number) => {
  const hour = hourOf(auditEvents.occurredAt)
  return db
    .select({
      hour,
      procedure: auditEvents.procedure,
      outcome: auditEvents.outcome,
      count: count(),
    })
    .from(auditEvents)
    .where(gte(auditEvents.occurredAt, since))
    .groupBy(hour, auditEvents.procedure, auditEvents.outcome)
}

export const refusalsQuery = (db: AuditDatabase, since: number) => {
  const hour = hourOf(refusedSubmissions.windowStart)
  return db
    .select({
      hour,
      procedure: refusedSubmissions.procedure,
      outcome: refusedSubmissions.outcome,
      count: sum(refusedSubmissions.count).mapWith(Number),
    })
    .from(refusedSubmissions)
    .where(and(gte(refusedSubmissions.lastAt, since), gte(refusedSubmissions.windowStart, since)))
    .groupBy(hour, refusedSubmissions.procedure, refusedSubmissions.outcome)
}

export const busiestQuery = (db: AuditDatabase, since: number) =>
  db
    .select({ count: count() })
    .from(auditEvents)
    // A row without a client hash is nobody's share.
    .where(and(gte(auditEvents.occurredAt, since), isNotNull(auditEvents.clientHash)))
    .groupBy(auditEvents.clientHash)
    .orderBy(desc(count()))
    .limit(BUSIEST)

export async function trafficSummary(db: AuditDatabase, now: number): Promise<TrafficSummary> {
  const to = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS
  const since = to - WINDOW_HOURS * HOUR_MS
  const [submissions, refusals, busiest] = await db.batch([
    submissionsQuery(db, since),
    refusalsQuery(db, since),
    busiestQuery(db, since),
  ])
  const iso = (ms: number) => new Date(ms).toISOString()
  const byTime = <T extends { hour: number; procedure: string; outcome: string }>(rows: T[]) =>
    [...rows]
      .sort(
        (a, b) =>
          a.hour - b.hour ||
          a.procedure.localeCompare(b.procedure) ||
          a.outcome.localeCompare(b.outcome),
      )
      .map((row) => ({ ...row, hour: iso(row.hour) }))
  const totalSubmissions = submissions.reduce((total, row) => total + row.count, 0)
  return {
    from: iso(since),
    to: iso(to),
    submissions: byTime(submissions),
    refusals: byTime(refusals).map((row) => ({ ...row, count: row.count ?? 0 })),
    totalSubmissions,
    busiestClientShares:
      totalSubmissions === 0 ? [] : busiest.map((row) => row.count / totalSubmissions),
  }
}
