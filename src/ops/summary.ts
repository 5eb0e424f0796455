// The traffic view's numbers (docs/operations.md#traffic-view): per hour for the last 7 days,
// submissions by procedure and outcome from audit_events, refusals from refused_submissions, and
// the busiest clients' share. Each query reads a range of one index (a test checks the plans).
// Both tables are in the audit database (docs/decisions/029-audit-database.md): one batch there,
// or one in each audit database with rotation, their counts added (docs/decisions/034-audit-rotation.md).
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
    // The hash only to add one client's counts across databases; never in the summary.
    .select({ clientHash: auditEvents.clientHash, count: count() })
    .from(auditEvents)
    // A row without a client hash is nobody's share.
    .where(and(gte(auditEvents.occurredAt, since), isNotNull(auditEvents.clientHash)))
    .groupBy(auditEvents.clientHash)
    .orderBy(desc(count()))
    .limit(BUSIEST)

/** The counts of these clients (by hash) since `since`: their totals across databases. */
const clientCountsQuery = (db: AuditDatabase, since: number, clientHashes: readonly string[]) =>
  db
    .select({ clientHash: auditEvents.clientHash, count: count() })
    .from(auditEvents)
    .where(
      and(
        gte(auditEvents.occurredAt, since),
        sql`${auditEvents.clientHash} IN (SELECT value FROM json_each(${JSON.stringify(clientHashes)}))`,
      ),
    )
    .groupBy(auditEvents.clientHash)

type Counted = { hour: number; procedure: string; outcome: string; count: number | null }

/** Rows of the same hour, procedure and outcome from several databases, as one row with their sum. */
function added<T extends Counted>(rows: readonly T[]): T[] {
  const byKey = new Map<string, T>()
  for (const row of rows) {
    const key = `${row.hour} ${row.procedure} ${row.outcome}`
    const seen = byKey.get(key)
    byKey.set(key, seen ? { ...seen, count: (seen.count ?? 0) + (row.count ?? 0) } : row)
  }
  return [...byKey.values()]
}

/** Each client's count, added across databases. */
function perClient(rows: ReadonlyArray<{ clientHash: string | null; count: number }>) {
  const counts = new Map<string, number>()
  for (const { clientHash, count } of rows) {
    if (clientHash !== null) counts.set(clientHash, (counts.get(clientHash) ?? 0) + count)
  }
  return counts
}

/**
 * The busiest clients' counts. With one database, its five busiest. With several, the five
 * busiest of each are the candidates, and each candidate's count is then read from every database
 * and added: exact for them; a client outside every database's five is not considered.
 */
async function busiestCounts(
  dbs: readonly AuditDatabase[],
  since: number,
  perDatabase: ReadonlyArray<ReadonlyArray<{ clientHash: string | null; count: number }>>,
): Promise<number[]> {
  const answered = perDatabase.filter((rows) => rows.length > 0)
  let counts = perClient(answered.flat())
  if (answered.length > 1) {
    const candidates = [...counts.keys()]
    counts = perClient(
      (await Promise.all(dbs.map((db) => clientCountsQuery(db, since, candidates)))).flat(),
    )
  }
  return [...counts.values()].sort((a, b) => b - a).slice(0, BUSIEST)
}

/**
 * The traffic view's summary from every audit database (`auditDbs`; one without rotation): one
 * batch of the three counts in each, at once, added here.
 */
export async function trafficSummary(
  dbs: readonly AuditDatabase[],
  now: number,
): Promise<TrafficSummary> {
  const to = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS
  const since = to - WINDOW_HOURS * HOUR_MS
  const answers = await Promise.all(
    dbs.map((db) =>
      db.batch([submissionsQuery(db, since), refusalsQuery(db, since), busiestQuery(db, since)]),
    ),
  )
  const submissions = added(answers.flatMap(([rows]) => rows))
  const refusals = added(answers.flatMap(([, rows]) => rows))
  const busiest = await busiestCounts(
    dbs,
    since,
    answers.map(([, , rows]) => rows),
  )
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
      totalSubmissions === 0 ? [] : busiest.map((count) => count / totalSubmissions),
  }
}
