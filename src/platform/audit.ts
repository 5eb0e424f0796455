import { eq } from 'drizzle-orm'
import { auditEvents } from '../db/schema'
import type { ServiceContext } from './context'
import { errorKind, log } from './log'

export type Procedure = 'password_initialization' | 'login_id_notification' | 'password_change'

/**
 * What became of a submission. `issued`: an initialized password was e-mailed; `sent`: login IDs
 * were e-mailed; `accepted`: answered, background work not finished (yet); `failed`: the
 * background work broke off (or, for the password change, D1 did). The password change:
 * `changed`; `wrong_password` (also an initialized password that is used, expired, revoked or
 * tried five times); `no_match` (unknown login ID); `inactive` (a locked or closed account);
 * `locked_out` (five wrong passwords for the login ID within 15 minutes).
 */
export type Outcome =
  | 'accepted'
  | 'issued'
  | 'sent'
  | 'changed'
  | 'wrong_password'
  | 'locked_out'
  | 'no_match'
  | 'inactive'
  | 'cooldown'
  | 'rate_limited'
  | 'invalid'
  | 'mail_failed'
  | 'failed'

export interface AuditEvent {
  procedure: Procedure
  outcome: Outcome
  loginId: string | null
}

const row = async (ctx: ServiceContext, event: AuditEvent) => ({
  occurredAt: ctx.now(),
  procedure: event.procedure,
  outcome: event.outcome,
  loginId: event.loginId,
  clientHash: await ctx.client.hash(),
  country: ctx.client.country,
  requestId: ctx.requestId,
})

/**
 * Writes the audit event of an accepted submission before it is answered, and returns its id for
 * `settleAuditEvent`. Throws when D1 is down, so the submission is refused (503) before anything
 * else is written or sent.
 */
export async function openAuditEvent(ctx: ServiceContext, event: AuditEvent): Promise<number> {
  const [inserted] = await ctx.db
    .insert(auditEvents)
    .values(await row(ctx, event))
    .returning({ id: auditEvents.id })
  if (!inserted) throw new Error('audit event was not written')
  return inserted.id
}

/** Records the outcome the background work reached; a failure to record is logged. */
export async function settleAuditEvent(
  ctx: ServiceContext,
  id: number,
  outcome: Outcome,
): Promise<void> {
  try {
    await ctx.db.update(auditEvents).set({ outcome }).where(eq(auditEvents.id, id))
  } catch (error) {
    log.error('audit_write_failed', { requestId: ctx.requestId, error: errorKind(error) })
  }
}

/** Records a submission answered at once (invalid, rate limited); a failure is logged, not thrown. */
export async function recordAuditEvent(ctx: ServiceContext, event: AuditEvent): Promise<void> {
  try {
    await ctx.db.insert(auditEvents).values(await row(ctx, event))
  } catch (error) {
    log.error('audit_write_failed', { requestId: ctx.requestId, error: errorKind(error) })
  }
}
