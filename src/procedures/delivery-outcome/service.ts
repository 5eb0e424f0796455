import { and, eq, isNull, sql } from 'drizzle-orm'
import {
  accounts,
  type DeliveryOutcome,
  initializedPasswords,
  loginIdNotifications,
} from '../../db/schema'
import type { ServiceEvent } from '../../events/catalog'
import type { Database } from '../../platform/context'
import type { SendingEvent } from './schema'

/**
 * The outcome to keep when a report arrives: events can arrive out of order, so a `deferred`
 * never hides a final outcome, and a `delivered` never hides a complaint (which only follows a
 * delivery).
 */
const kept = (next: DeliveryOutcome, current: DeliveryOutcome | null): DeliveryOutcome =>
  mayReplace(next, current) || current === null ? next : current

const mayReplace = (next: DeliveryOutcome, current: DeliveryOutcome | null) =>
  current === null ||
  current === 'deferred' ||
  (next !== 'deferred' && !(next === 'delivered' && current === 'complained'))

/** What one sending event changed: the initialized password's issuance it matched, if any. */
export interface AppliedEvent {
  matched: 'initialized_password' | 'login_id_notification' | null
  /** The request that issued the password (its events' webhook IDs derive from it). */
  issuanceId: string | null
  events: ServiceEvent[]
}

/**
 * Applies one Email Service sending event (docs/operations.md#delivery-outcomes): the e-mail with
 * its message ID gets the outcome; a bounce or complaint revokes the initialized password it
 * carried (unless already used or revoked) and is reported as `email.bounced` /
 * `email.complained`; a hard bounce flags the accounts registered with that address.
 */
export async function applySendingEvent(
  db: Database,
  event: SendingEvent,
  now: number,
): Promise<AppliedEvent> {
  const [[issuance], [notification]] = await db.batch([
    db
      .select({
        id: initializedPasswords.id,
        loginId: initializedPasswords.loginId,
        outcome: initializedPasswords.deliveryOutcome,
      })
      .from(initializedPasswords)
      .where(eq(initializedPasswords.messageId, event.messageId)),
    db
      .select({ id: loginIdNotifications.id, outcome: loginIdNotifications.deliveryOutcome })
      .from(loginIdNotifications)
      .where(eq(loginIdNotifications.messageId, event.messageId)),
  ])
  const flag = event.hardBounce
    ? [
        db
          .update(accounts)
          .set({ emailBouncedAt: now })
          .where(
            and(
              sql`lower(${accounts.contactEmail}) = lower(${event.recipient})`,
              isNull(accounts.emailBouncedAt),
            ),
          ),
      ]
    : []
  if (issuance !== undefined) {
    const revokes = event.outcome === 'bounced' || event.outcome === 'complained'
    const thisOne = eq(initializedPasswords.id, issuance.id)
    await db.batch([
      db
        .update(initializedPasswords)
        .set({ deliveryOutcome: kept(event.outcome, issuance.outcome) })
        .where(thisOne),
      ...(revokes
        ? [
            db
              .update(initializedPasswords)
              .set({ revokedAt: now, revokedReason: event.outcome })
              .where(
                and(
                  thisOne,
                  isNull(initializedPasswords.usedAt),
                  isNull(initializedPasswords.revokedAt),
                ),
              ),
          ]
        : []),
      ...flag,
    ])
    const loginId = issuance.loginId
    const events: ServiceEvent[] =
      event.outcome === 'bounced'
        ? [{ type: 'email.bounced', data: { loginId, hard: event.hardBounce } }]
        : event.outcome === 'complained'
          ? [{ type: 'email.complained', data: { loginId } }]
          : []
    return { matched: 'initialized_password', issuanceId: issuance.id, events }
  }
  if (notification !== undefined) {
    const outcome = kept(event.outcome, notification.outcome)
    await db.batch([
      db
        .update(loginIdNotifications)
        .set({ deliveryOutcome: outcome })
        .where(eq(loginIdNotifications.id, notification.id)),
      ...flag,
    ])
    return { matched: 'login_id_notification', issuanceId: null, events: [] }
  }
  return { matched: null, issuanceId: null, events: [] }
}
