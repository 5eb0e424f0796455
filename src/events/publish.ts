import type { Context } from 'hono'
import { afterResponse } from '../platform/after-response'
import type { AppEnv, ServiceContext } from '../platform/context'
import type { WorkQueue } from '../platform/work-queue'
import { type EventMessage, eventId, type ServiceEvent } from './catalog'

/**
 * Puts events on the work queue, each with its webhook ID (from the request that caused it) and
 * time; the consumer posts them. Nothing is enqueued while webhooks are off (no `WEBHOOK_URL`).
 */
export async function enqueueEvents(
  queue: WorkQueue,
  ctx: Pick<ServiceContext, 'config' | 'requestId' | 'now'>,
  events: readonly ServiceEvent[],
): Promise<void> {
  if (ctx.config.webhookUrl === null) return
  const timestamp = new Date(ctx.now()).toISOString()
  for (const event of events) {
    const message: EventMessage = {
      event: { ...event, id: await eventId(ctx.requestId, event.type), timestamp },
    }
    await queue.send(message)
  }
}

/**
 * Events of a request, enqueued after its answer: a person's answer never waits for the queue,
 * let alone for the receiver, and takes the same time whether an event followed or not.
 */
export function publishAfterResponse(c: Context<AppEnv>, events: readonly ServiceEvent[]): void {
  if (events.length === 0) return
  afterResponse(c, 'event_enqueue', () =>
    enqueueEvents(c.get('services').workQueue, c.get('services'), events),
  )
}
