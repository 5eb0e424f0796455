import { enqueueEvents } from '../../events/publish'
import { type Dependencies, serviceContext } from '../../platform/context'
import { errorKind } from '../../platform/log'
import { readSendingEvent } from './schema'
import { applySendingEvent } from './service'

/** The queue Email Service's event subscription publishes to (wrangler.toml; a test pins them). */
export const EMAIL_EVENTS_QUEUE = 'email-sending-events'

/**
 * The Worker's `queue` handler for Email Service sending events
 * (docs/operations.md#delivery-outcomes): each applied, its webhook events enqueued, then
 * acknowledged; one D1 failed is tried again later. Logged by outcome and message ID, never by
 * the recipient.
 */
export async function consumeSendingEvents(
  batch: MessageBatch<unknown>,
  env: Env,
  deps: Dependencies,
): Promise<void> {
  const { db, config, workQueue } = serviceContext(env, deps)
  for (const message of batch.messages) {
    const event = readSendingEvent(message.body)
    if (event === null) {
      deps.logger.warn('email_event_ignored', { messageId: message.id })
      message.ack()
      continue
    }
    try {
      const applied = await applySendingEvent(db, event, deps.now())
      deps.logger.info('email_delivery_outcome', {
        outcome: event.outcome,
        emailMessageId: event.messageId,
        matched: applied.matched,
        requestId: applied.requestId ?? undefined,
      })
      if (applied.requestId !== null) {
        const ctx = { config, requestId: applied.requestId, now: deps.now }
        await enqueueEvents(workQueue, ctx, applied.events)
      }
      message.ack()
    } catch (error) {
      deps.logger.error('email_event_failed', {
        emailMessageId: event.messageId,
        attempt: message.attempts,
        error: errorKind(error),
      })
      message.retry({ delaySeconds: 30 })
    }
  }
}
