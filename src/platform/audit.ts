import { sql } from 'drizzle-orm'
import { auditEvents, refusedSubmissions } from '../db/schema'
import type { Database, ServiceContext } from './context'
import { errorKind } from './log'

export type Procedure =
  | 'password_initialization'
  | 'login_id_notification'
  | 'password_change'
  | 'credential_verification'

/**
 * What became of a submission. `issued`: an initialized password was e-mailed; `sent`: login IDs
 * were e-mailed; `failed`: the work broke off (a dead-lettered message, or D1 failing the
 * password change); `mail_failed`: the Email Service refused the e-mail for good. The password
 * change: `changed`; `wrong_password`; `no_match` (unknown login ID); `inactive` (a locked or
 * closed account); `locked_out` (current-password tries locked for the login ID). The credential
 * verification: `valid`, or the password change's `wrong_password`, `no_match`, `inactive`,
 * `locked_out` (all but `valid` answered alike, SPEC 12).
 */
export type Outcome =
  | 'issued'
  | 'sent'
  | 'changed'
  | 'valid'
  | 'wrong_password'
  | 'rejected_new_password'
  | 'locked_out'
  | 'no_match'
  | 'inactive'
  | 'cooldown'
  | 'mail_failed'
  | 'failed'

/** Answers given at once without any work: counted per client and window, not one row each. */
export type Refusal = 'invalid' | 'rate_limited'

export interface AuditEvent {
  procedure: Procedure
  outcome: Outcome
  loginId: string | null
}

/**
 * Writes the one audit event of a submission, once: the row is never updated afterwards
 * (append-only), and a second write for the same request (a redelivered queue message) is ignored.
 * A failure is logged, not thrown.
 */
export async function recordAuditEvent(ctx: ServiceContext, event: AuditEvent): Promise<void> {
  try {
    await ctx.db
      .insert(auditEvents)
      .values({
        occurredAt: ctx.now(),
        procedure: event.procedure,
        outcome: event.outcome,
        loginId: event.loginId,
        clientHash: await ctx.client.hash(),
        country: ctx.client.country,
        requestId: ctx.requestId,
        apiKeyId: ctx.apiKeyId,
      })
      .onConflictDoNothing({ target: auditEvents.requestId })
  } catch (error) {
    ctx.logger.error('audit_write_failed', { requestId: ctx.requestId, error: errorKind(error) })
  }
}

/**
 * Counts a refused submission: one row per client, procedure, refusal and window (the per-client
 * limit's window), its count raised by one UPSERT, so a flood of refused posts stays one row.
 */
export async function countRefusal(
  db: Database,
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
