import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { epochMs } from './columns'

// The audit database's tables (D1 binding `AUDIT_DB`, migrations in migrations-audit/): what
// grows with traffic, kept apart from the accounts so that it can not fill their database
// (docs/capacity.md, docs/decisions/029-audit-database.md).

/**
 * What happened to each accepted submission: one row per request, written once with its outcome
 * and never updated (append-only). Never holds a submitted name, phone number or e-mail.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    occurredAt: epochMs('occurred_at').notNull(),
    procedure: text('procedure').notNull(),
    outcome: text('outcome').notNull(),
    loginId: text('login_id'),
    clientHash: text('client_hash'),
    country: text('country'),
    requestId: text('request_id').notNull(),
    /** The API key the submission came with (ASVS 16.3.2); null for the public forms. */
    apiKeyId: text('api_key_id'),
    /** A provisioning change: the names of the fields it changed, comma-separated; never values. */
    changedFields: text('changed_fields'),
  },
  (t) => [
    // Covers the traffic view's counts (docs/operations.md#traffic-view): a range of this index, no
    // row read. It also serves retention's range of old rows, so no index on occurred_at alone
    // (the accounts database had one; a row here is 30-odd bytes smaller without it).
    index('audit_events_traffic_idx').on(t.occurredAt, t.procedure, t.outcome, t.clientHash),
    // One account's history, newest first (docs/operations.md#history-of-one-account).
    index('audit_events_login_id_idx').on(t.loginId, t.id),
    uniqueIndex('audit_events_request_id_idx').on(t.requestId),
  ],
)

/**
 * Refused submissions (422 invalid, 429 rate limited), counted per client, procedure, outcome and
 * window instead of one audit row each, so a flood of refused posts can not grow D1 without bound.
 */
export const refusedSubmissions = sqliteTable(
  'refused_submissions',
  {
    clientHash: text('client_hash').notNull(),
    procedure: text('procedure').notNull(),
    outcome: text('outcome', { enum: ['invalid', 'rate_limited'] }).notNull(),
    /** The start of the per-client limit's window the refusals fell in. */
    windowStart: epochMs('window_start').notNull(),
    count: integer('count').notNull(),
    country: text('country'),
    firstAt: epochMs('first_at').notNull(),
    lastAt: epochMs('last_at').notNull(),
    /** The request ID of the first refusal in the window, to find its log lines. */
    firstRequestId: text('first_request_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clientHash, t.procedure, t.outcome, t.windowStart] }),
    index('refused_submissions_last_at_idx').on(t.lastAt),
  ],
)
