import { auditEvents } from '../db/schema'
import type { ServiceContext } from './context'
import { log } from './log'

export type Procedure = 'password_initialization' | 'login_id_notification'
/** `issued`: an initialized password was e-mailed; `sent`: login IDs were e-mailed. */
export type Outcome = 'issued' | 'sent' | 'no_match' | 'inactive' | 'cooldown' | 'mail_failed'

/** Records what became of one submission; a failure to record is logged, never thrown. */
export async function recordAuditEvent(
  ctx: ServiceContext,
  event: { procedure: Procedure; outcome: Outcome; loginId: string | null },
): Promise<void> {
  try {
    await ctx.db.insert(auditEvents).values({
      occurredAt: ctx.now(),
      procedure: event.procedure,
      outcome: event.outcome,
      loginId: event.loginId,
      clientHash: null,
      country: ctx.country,
      requestId: ctx.requestId,
    })
  } catch {
    log.error('audit_write_failed', { requestId: ctx.requestId, procedure: event.procedure })
  }
}
