import { and, desc, eq, lt, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/d1'
import type { Query } from 'drizzle-orm/sql'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { accounts, apiKeys, initializedPasswords } from './schema'
import { auditEvents } from './schema/audit-tables'

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

/** A SELECT to run, as Drizzle builds it. */
export type Select = { toSQL(): Query }
/**
 * Runs one SELECT on a database and answers its rows keyed by the SQL's column names: D1's
 * `.all()` in the Worker (`d1Select`), the statement as text in the command (scripts/support/d1.ts).
 */
export type SelectRunner = (query: Select) => Promise<Array<Record<string, unknown>>>

/** The databases the history reads (docs/decisions/029-audit-database.md). */
export interface HistoryDatabases {
  /** `DB`: the account, its initialized passwords' delivery, the API keys' names. */
  accounts: SelectRunner
  /**
   * Every audit database (`AUDIT_DB`, then `AUDIT_DB_1`, … with rotation): the audit rows naming
   * the login ID. Their ids grow with time across databases (docs/decisions/034-audit-rotation.md).
   */
  audit: readonly SelectRunner[]
}

/** The runner of a D1 binding: the statement's rows as D1 answers them. */
export const d1Select =
  (d1: D1Database): SelectRunner =>
  async (query) => {
    const { sql: text, params } = query.toSQL()
    return (
      await d1
        .prepare(text)
        .bind(...params)
        .all<Record<string, unknown>>()
    ).results
  }

// Builds SQL only; the runners above run it, so the Worker and the command share every query.
const builder = drizzle(
  new Proxy({} as D1Database, {
    get: () => {
      throw new Error('The history builder only builds SQL; run it with a SelectRunner')
    },
  }),
)

/**
 * One page of the audit rows naming the login ID, newest first: `limit + 1` rows to know
 * whether more follow. The cursor is the last row's id (`audit_events_login_id_idx` serves it).
 */
const auditRowsQuery = (loginId: string, page: { before?: number | undefined; limit: number }) =>
  builder
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      procedure: auditEvents.procedure,
      outcome: auditEvents.outcome,
      country: auditEvents.country,
      requestId: auditEvents.requestId,
      apiKeyId: auditEvents.apiKeyId,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.loginId, loginId),
        page.before === undefined ? undefined : lt(auditEvents.id, page.before),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(page.limit + 1)

/** `column IN (…)` with the values bound as one JSON array: one parameter however many. */
const inJsonArray = (column: SQLiteColumn, values: readonly string[]) =>
  sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`

/**
 * What the accounts database adds, in one SELECT: whether the account exists (`account`), the
 * delivery of the initialized passwords those requests issued (`delivery`, by request ID) and the
 * names of their API keys (`key`, by key id). The IDs go in as one JSON array each, so a page of
 * 100 stays within D1's 100 bound parameters.
 */
const accountsSideQuery = (loginId: string, requestIds: string[], keyIds: string[]) =>
  builder
    .select({
      kind: sql<string>`'account'`.as('kind'),
      key: sql<string>`${accounts.loginId}`.as('key'),
      value: sql<string | null>`NULL`.as('value'),
    })
    .from(accounts)
    .where(eq(accounts.loginId, loginId))
    .unionAll(
      builder
        .select({
          kind: sql<string>`'delivery'`.as('kind'),
          key: sql<string>`${initializedPasswords.id}`.as('key'),
          value: sql<
            string | null
          >`coalesce(${initializedPasswords.deliveryOutcome}, ${initializedPasswords.deliveryState})`.as(
            'value',
          ),
        })
        .from(initializedPasswords)
        .where(inJsonArray(initializedPasswords.id, requestIds)),
    )
    .unionAll(
      builder
        .select({
          kind: sql<string>`'key'`.as('kind'),
          key: sql<string>`${apiKeys.id}`.as('key'),
          value: sql<string | null>`${apiKeys.name}`.as('value'),
        })
        .from(apiKeys)
        .where(inJsonArray(apiKeys.id, keyIds)),
    )

/**
 * The page's rows from every audit database, newest first: each database's own page, at once,
 * merged by id (with rotation ids grow with time across databases; without it there is one).
 */
async function auditRows(
  runners: readonly SelectRunner[],
  loginId: string,
  page: { before?: number | undefined; limit: number },
) {
  const query = auditRowsQuery(loginId, page)
  const pages = await Promise.all(runners.map((run) => run(query)))
  return pages
    .flat()
    .map((row) => ({
      id: Number(row.id),
      occurredAt: Number(row.occurred_at),
      procedure: String(row.procedure),
      outcome: String(row.outcome),
      country: (row.country ?? null) as string | null,
      requestId: String(row.request_id),
      apiKeyId: (row.api_key_id ?? null) as string | null,
    }))
    .sort((a, b) => b.id - a.id)
    .slice(0, page.limit + 1)
}

/**
 * The history of one account, a page at a time, newest first: behind both
 * `GET /api/v1/accounts/{loginId}/events` and `npm run accounts -- history`. A SELECT on each
 * database: the audit rows from the audit databases, then what the accounts database says of
 * them (the account's existence, each e-mail's delivery, each API key's name), merged here. Null
 * when no account has the login ID.
 */
export async function accountHistory(
  run: HistoryDatabases,
  loginId: string,
  page: { before?: number | undefined; limit: number },
): Promise<HistoryPage | null> {
  const rows = await auditRows(run.audit, loginId, page)
  const requestIds = rows.map((row) => row.requestId)
  const keyIds = [...new Set(rows.flatMap((row) => (row.apiKeyId === null ? [] : [row.apiKeyId])))]
  const side = await run.accounts(accountsSideQuery(loginId, requestIds, keyIds))
  const found = (kind: string) =>
    new Map(
      side
        .filter((row) => row.kind === kind)
        .map((row) => [String(row.key), row.value as string | null]),
    )
  if (found('account').size === 0) return null
  const deliveries = found('delivery')
  const keyNames = found('key')
  const shown = rows.slice(0, page.limit)
  const last = shown.at(-1)
  return {
    events: shown.map((row) => ({
      occurredAt: new Date(row.occurredAt).toISOString(),
      procedure: row.procedure,
      outcome: row.outcome,
      delivery: deliveries.get(row.requestId) ?? null,
      country: row.country,
      requestId: row.requestId,
      apiKey: row.apiKeyId === null ? null : (keyNames.get(row.apiKeyId) ?? null),
    })),
    nextCursor: rows.length > page.limit && last ? String(last.id) : null,
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
