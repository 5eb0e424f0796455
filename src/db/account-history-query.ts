import { and, desc, eq, lt, sql } from 'drizzle-orm'
import type { Database } from '../platform/context'
import { apiKeys, auditEvents, initializedPasswords } from './schema'

/** Events a page holds at most, and unless asked for fewer. */
export const HISTORY_PAGE_MAX = 100
export const HISTORY_PAGE_DEFAULT = 50

/**
 * One request in an account's history (docs/operations.md#history-of-one-account): what the
 * audit trail holds, never a submitted value or a password.
 */
export interface HistoryEvent {
  occurredAt: string
  procedure: string
  outcome: string
  /** Where its e-mail is: the Email Service's last report, else the send's state; null: no e-mail. */
  delivery: string | null
  country: string | null
  requestId: string
  /** The name of the API key the request came with; null for the public forms. */
  apiKey: string | null
}

export interface HistoryPage {
  events: HistoryEvent[]
  /** Pass as `cursor` for the next, older page; null on the last page. */
  nextCursor: string | null
}

/**
 * The one query behind `GET /api/v1/accounts/{loginId}/events` and `npm run accounts -- history`:
 * one page of the audit rows naming the login ID, newest first, each with its initialized
 * password's delivery and its API key's name. Reads `limit + 1` rows to know whether more follow.
 * The cursor is the last row's id (`audit_events_login_id_idx` serves it).
 */
export const accountHistoryQuery = (
  db: Database,
  loginId: string,
  page: { before?: number | undefined; limit: number },
) =>
  db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      procedure: auditEvents.procedure,
      outcome: auditEvents.outcome,
      delivery: sql<
        string | null
      >`coalesce(${initializedPasswords.deliveryOutcome}, ${initializedPasswords.deliveryState})`.as(
        'delivery',
      ),
      country: auditEvents.country,
      requestId: auditEvents.requestId,
      apiKey: apiKeys.name,
    })
    .from(auditEvents)
    .leftJoin(initializedPasswords, eq(initializedPasswords.id, auditEvents.requestId))
    .leftJoin(apiKeys, eq(apiKeys.id, auditEvents.apiKeyId))
    .where(
      and(
        eq(auditEvents.loginId, loginId),
        page.before === undefined ? undefined : lt(auditEvents.id, page.before),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(page.limit + 1)

/** A row of that query (from Drizzle, or keyed the same from `wrangler d1 execute --json`). */
export type HistoryRow = Awaited<ReturnType<typeof accountHistoryQuery>>[number]

/**
 * A row as `wrangler d1 execute --json` prints it (keyed by the SQL's column names), for
 * `npm run accounts -- history`, which runs the same query through wrangler.
 */
export const historyRowFromRecord = (record: Record<string, unknown>): HistoryRow => ({
  id: Number(record.id),
  occurredAt: Number(record.occurred_at),
  procedure: String(record.procedure),
  outcome: String(record.outcome),
  delivery: (record.delivery ?? null) as string | null,
  country: (record.country ?? null) as string | null,
  requestId: String(record.request_id),
  apiKey: (record.name ?? null) as string | null,
})

/** The page the query's rows make (it read one row more than the page holds). */
export function historyPage(rows: readonly HistoryRow[], limit: number): HistoryPage {
  const shown = rows.slice(0, limit)
  const last = shown.at(-1)
  return {
    events: shown.map(({ id: _, occurredAt, ...event }) => ({
      occurredAt: new Date(occurredAt).toISOString(),
      ...event,
    })),
    nextCursor: rows.length > limit && last ? String(last.id) : null,
  }
}

/**
 * The page as `npm run accounts -- history` prints it: one tab-separated line an event on
 * standard output (time, procedure, outcome, delivery, country, request ID, API key; `-` for
 * none), and what a person should know on standard error.
 */
export function historyText(page: HistoryPage): { lines: string[]; notes: string[] } {
  const lines = page.events.map((event) =>
    [
      event.occurredAt,
      event.procedure,
      event.outcome,
      event.delivery ?? '-',
      event.country ?? '-',
      event.requestId,
      event.apiKey ?? '-',
    ].join('\t'),
  )
  const notes = [
    ...(page.events.length === 0 ? ['No requests named this login ID.'] : []),
    ...(page.nextCursor === null ? [] : [`Older events: --cursor ${page.nextCursor}`]),
  ]
  return { lines, notes }
}
