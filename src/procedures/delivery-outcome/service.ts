import type { DeliveryOutcome } from '../../db/schema'
import type { ServiceEvent } from '../../events/catalog'
import type { Database } from '../../platform/context'
import { emailWithMessageId } from './read'
import type { SendingEvent } from './schema'
import { storeIssuanceOutcome, storeNotificationOutcome } from './store'

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

/** What one sending event changed: the e-mail it matched, if any, and the events it causes. */
export interface AppliedEvent {
  matched: 'initialized_password' | 'login_id_notification' | null
  /** The request that sent the e-mail (its events' webhook IDs derive from it). */
  requestId: string | null
  events: ServiceEvent[]
}

/**
 * `email.bounced` / `email.complained` for a bounce or complaint, naming the procedure whose
 * e-mail it was and its login IDs (docs/webhooks.md); none for any other outcome.
 */
function outcomeEvents(
  event: SendingEvent,
  about:
    | { procedure: 'password_initialization'; loginId: string }
    | { procedure: 'login_id_notification'; loginIds: string[] },
): ServiceEvent[] {
  if (event.outcome === 'bounced') {
    return [{ type: 'email.bounced', data: { ...about, hard: event.hardBounce } }]
  }
  return event.outcome === 'complained' ? [{ type: 'email.complained', data: about }] : []
}

/**
 * Applies one Email Service sending event (docs/operations.md#delivery-outcomes): the e-mail with
 * its message ID gets the outcome; a bounce or complaint of either procedure's e-mail is reported
 * as `email.bounced` / `email.complained`, and revokes the initialized password one carried
 * (unless already used or revoked); a hard bounce flags the accounts registered with that address.
 */
export async function applySendingEvent(
  db: Database,
  event: SendingEvent,
  now: number,
): Promise<AppliedEvent> {
  const { issuance, notification } = await emailWithMessageId(db, event.messageId)
  const bouncedAddress = event.hardBounce ? event.recipient : null
  if (issuance !== undefined) {
    const revokes = event.outcome === 'bounced' || event.outcome === 'complained'
    await storeIssuanceOutcome(
      db,
      issuance.id,
      {
        outcome: kept(event.outcome, issuance.outcome),
        revoke: revokes ? event.outcome : null,
        bouncedAddress,
      },
      now,
    )
    const events = outcomeEvents(event, {
      procedure: 'password_initialization',
      loginId: issuance.loginId,
    })
    return { matched: 'initialized_password', requestId: issuance.id, events }
  }
  if (notification !== undefined) {
    const outcome = kept(event.outcome, notification.outcome)
    await storeNotificationOutcome(db, notification.id, { outcome, bouncedAddress }, now)
    // Rows written before the login IDs were kept name none: no event for them.
    const loginIds = notification.loginIds?.split(',').filter((id) => id !== '') ?? []
    const events =
      loginIds.length > 0
        ? outcomeEvents(event, { procedure: 'login_id_notification', loginIds })
        : []
    return { matched: 'login_id_notification', requestId: notification.id, events }
  }
  return { matched: null, requestId: null, events: [] }
}
