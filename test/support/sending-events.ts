import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { EMAIL_EVENTS_QUEUE } from '../../src/procedures/delivery-outcome/consume'
import type { testClient } from './client'
import { TARO } from './fixtures'
import { WEBHOOKS_ON } from './webhook-receiver'

type Outcome = 'delivered' | 'deferred' | 'bounced' | 'failed' | 'rejected' | 'complained'

/** A sending event in the shape Email Service's event subscription documents. */
export function sendingEvent(
  outcome: Outcome,
  messageId: string,
  extra: Record<string, unknown> = {},
) {
  return {
    type: `cf.email.sending.message.${outcome}`,
    source: {
      type: 'email.sending',
      zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
      domain: 'example.com',
    },
    payload: {
      eventId: crypto.randomUUID(),
      messageId,
      sender: 'no-reply@example.com',
      recipient: TARO.email,
      subject: 'Your initialized password',
      terminal: outcome !== 'deferred',
      delivery: { status: outcome },
      ...extra,
    },
    metadata: {
      accountId: 'f9f79265f388666de8122cfb508d7776',
      eventSubscriptionId: '1830c4bb612e43c3af7f4cada31fbf3f',
      eventSchemaVersion: 1,
      eventTimestamp: '2026-06-01T02:48:57.132Z',
    },
  }
}

export const HARD = {
  bounce: { type: 'hard', classification: 'permanent_failure', reason: '550 5.1.1' },
}
export const SOFT = {
  bounce: { type: 'soft', classification: 'temporary_failure', reason: '451 4.2.0' },
}

/**
 * Runs the test client's Worker consumer on a batch of the sending events queue (webhooks on);
 * the messages' fates.
 */
export async function feedSendingEvents(
  client: ReturnType<typeof testClient>,
  ...bodies: unknown[]
) {
  const batch = createMessageBatch<unknown>(
    EMAIL_EVENTS_QUEUE,
    bodies.map((body, i) => ({ id: `event-${i}`, timestamp: new Date(), attempts: 1, body })),
  )
  const ctx = createExecutionContext()
  await client.worker.queue(batch, { ...env, ...WEBHOOKS_ON })
  return getQueueResult(batch, ctx)
}
