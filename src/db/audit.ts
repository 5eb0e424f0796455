import { sql } from 'drizzle-orm'
import { writeTrafficPoints } from '../platform/analytics'
import { auditIdFloorSql } from '../platform/audit-rotation'
import type { AuditDatabase, ServiceContext, WorkerServices } from '../platform/context'
import { errorKind } from '../platform/log'
import { auditEvents, refusedSubmissions } from './schema/audit-tables'

export type Procedure =
  | 'password_initialization'
  | 'login_id_notification'
  | 'password_change'
  | 'credential_verification'
  /** The system of record's changes to an account: `PUT`/`DELETE` and the import command. */
  | 'account_provisioning'
  | 'account_import'
  /** Written by `npm run api-key` (scripts/api-key.ts): `created` or `revoked`, the key in `apiKeyId`. */
  | 'api_key'
  | 'help_desk_recovery'

/**
 * What became of a submission. `issued`: an initialized password was e-mailed; `sent`: login IDs
 * were e-mailed; `failed`: the work broke off (a dead-lettered message, or D1 failing the
 * password change); `mail_failed`: the Email Service refused the e-mail for good. The password
 * change: `changed`; `wrong_password`; `no_match` (unknown login ID); `inactive` (a locked or
 * closed account); `locked_out` (current-password tries locked for the login ID). The credential
 * verification: `valid`, or the password change's `wrong_password`, `no_match`, `inactive`,
 * `locked_out` (all but `valid` answered alike, docs/contract.md#credential-verification).
 */
export type Outcome =
  /** Provisioning: an account was created, changed or closed (`changedFields` names what). */
  | 'created'
  | 'closed'
  | 'issued'
  | 'sent'
  | 'changed'
  | 'valid'
  | 'wrong_password'
  | 'rejected_new_password'
  | 'locked_out'
  | 'suspended'
  | 'no_match'
  | 'inactive'
  | 'cooldown'
  | 'mail_failed'
  | 'failed'
  | 'created'
  | 'revoked'

/** Answers given at once without any work: counted per client and window, not one row each. */
export type Refusal = 'invalid' | 'rate_limited'

export interface AuditEvent {
  procedure: Procedure
  outcome: Outcome
  loginId: string | null
  /** Provisioning only: the names of the fields the change wrote, comma-separated; never values. */
  changedFields?: string | null
}

/** An audit event as its row is written: with its time, its request and that request's client. */
export type AuditRow = AuditEvent & {
  occurredAt: number
  requestId: string
  apiKeyId: string | null
  clientHash: string | null
  country: string | null
}

// D1 binds at most 100 parameters a statement; an audit row binds its 9 columns (SQLite gives the id).
const AUDIT_ROWS_PER_INSERT = Math.floor(100 / 9)

/** The rows, split into groups small enough for one INSERT each. */
const insertGroups = (rows: readonly AuditRow[]): AuditRow[][] =>
  Array.from({ length: Math.ceil(rows.length / AUDIT_ROWS_PER_INSERT) }, (_, group) =>
    rows.slice(group * AUDIT_ROWS_PER_INSERT, (group + 1) * AUDIT_ROWS_PER_INSERT),
  )

/** With rotation, the id floor's statements before a period's rows (`auditIdFloorSql`). */
const auditIdFloorStatements = (db: AuditDatabase, floor: number) =>
  auditIdFloorSql(floor).map((text) => db.run(sql.raw(text)))

/**
 * Writes audit events, each once, in one call to the audit database of the period (`AUDIT_DB`
 * without rotation): a multi-row INSERT, or a batch of them past D1's parameter limit, after the
 * id floor's two statements with rotation. A row is never updated afterwards (append-only), and a
 * second write for the same request (a redelivered queue message) is ignored. A failure is logged
 * for every request whose row it lost, not thrown.
 */
export async function recordAuditEvents(
  {
    auditDb: db,
    auditIdFloor,
    logger,
  }: Pick<WorkerServices, 'auditDb' | 'auditIdFloor' | 'logger'>,
  rows: readonly AuditRow[],
): Promise<void> {
  const inserts = insertGroups(rows).map((group) =>
    db.insert(auditEvents).values(group).onConflictDoNothing({ target: auditEvents.requestId }),
  )
  const [first, ...rest] = [
    ...(auditIdFloor === null || inserts.length === 0
      ? []
      : auditIdFloorStatements(db, auditIdFloor)),
    ...inserts,
  ]
  if (first === undefined) return
  try {
    await (rest.length === 0 ? first : db.batch([first, ...rest]))
  } catch (error) {
    for (const { requestId } of rows) {
      logger.error('audit_write_failed', { requestId, error: errorKind(error) })
    }
  }
}

/** Writes the one audit event of a submission answered on its request's path (see above). */
export async function recordAuditEvent(ctx: ServiceContext, event: AuditEvent): Promise<void> {
  writeTrafficPoints(ctx.traffic, [{ ...event, country: ctx.client.country }])
  await recordAuditEvents(ctx, [
    {
      ...event,
      occurredAt: ctx.now(),
      requestId: ctx.requestId,
      apiKeyId: ctx.apiKeyId,
      clientHash: await ctx.client.hash(),
      country: ctx.client.country,
    },
  ])
}

/**
 * Counts a refused submission: one row per client, procedure, refusal and window (the per-client
 * limit's window), its count raised by one UPSERT, so a flood of refused posts stays one row.
 */
export async function countRefusal(
  db: AuditDatabase,
  refusal: {
    procedure: Procedure
    outcome: Refusal
    clientHash: string
    country: string | null
    requestId: string
    now: number
    windowMs: number
  },
): Promise<void> {
  const { procedure, outcome, clientHash, country, requestId, now, windowMs } = refusal
  await db
    .insert(refusedSubmissions)
    .values({
      clientHash,
      procedure,
      outcome,
      windowStart: Math.floor(now / windowMs) * windowMs,
      count: 1,
      country,
      firstAt: now,
      lastAt: now,
      firstRequestId: requestId,
    })
    .onConflictDoUpdate({
      target: [
        refusedSubmissions.clientHash,
        refusedSubmissions.procedure,
        refusedSubmissions.outcome,
        refusedSubmissions.windowStart,
      ],
      set: { count: sql`${refusedSubmissions.count} + 1`, lastAt: now },
    })
}
