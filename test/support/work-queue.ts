import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { type EventMessage, type QueuedEvent, readEventMessage } from '../../src/events/catalog'
import type { WorkMessage, WorkQueue } from '../../src/platform/work-queue'
import { DEAD_LETTER_QUEUE, MAX_BATCH_SIZE, MAX_RETRIES, WORK_QUEUE } from '../../src/queue/consume'

interface Pending {
  id: string
  body: WorkMessage | EventMessage
  attempts: number
}

/** What became of one delivery of one message. */
export interface DeliveryRecord {
  requestId: string
  attempt: number
  result: 'acked' | 'retried' | 'dead-lettered'
  delaySeconds?: number
}

type QueueHandler = (batch: MessageBatch<unknown>, env: Env) => Promise<void>

/**
 * The producer side of the work queue for tests: keeps what the app sends, and `deliver()` runs
 * the Worker's real consumer on it as Cloudflare Queues would (a batch built by the Vitest
 * plugin's `createMessageBatch`, at most `MAX_BATCH_SIZE` messages each; retried messages
 * delivered again with one more attempt, the requested delay recorded rather than waited; after
 * `MAX_RETRIES` retries, the dead-letter queue).
 */
export class RecordingQueue implements WorkQueue {
  /** The procedures' work messages, as sent. */
  readonly sent: WorkMessage[] = []
  /** The events, as enqueued. */
  readonly events: QueuedEvent[] = []
  /** The procedures' work messages' deliveries. */
  readonly deliveries: DeliveryRecord[] = []
  /** The events' deliveries, `requestId` being the event's webhook ID. */
  readonly eventDeliveries: DeliveryRecord[] = []
  private pending: Pending[] = []
  private deadLetters: Pending[] = []
  private nextId = 1

  async send(message: WorkMessage | EventMessage): Promise<void> {
    // What a queue holds is a structured clone, never the sender's object.
    const body = structuredClone(message)
    if ('event' in body) this.events.push(body.event)
    else this.sent.push(body)
    this.pending.push({ id: `message-${this.nextId++}`, body, attempts: 1 })
  }

  /**
   * Puts a message that was sent before back on the queue, as Queues do when a consumer stopped
   * before acknowledging it (at-least-once delivery).
   */
  redeliver(message: WorkMessage, attempts = 2): void {
    this.pending.push({ id: `message-${this.nextId++}`, body: structuredClone(message), attempts })
  }

  /** Delivers every pending message (and their retries) until the queue is empty. */
  async deliver(queue: QueueHandler, env: Env): Promise<void> {
    while (this.pending.length > 0 || this.deadLetters.length > 0) {
      if (this.pending.length > 0) {
        await this.runBatch(queue, env, WORK_QUEUE, this.pending.splice(0, MAX_BATCH_SIZE))
      } else {
        const batch = this.deadLetters.splice(0, MAX_BATCH_SIZE)
        await this.runBatch(queue, env, DEAD_LETTER_QUEUE, batch)
      }
    }
  }

  private async runBatch(queue: QueueHandler, env: Env, name: string, messages: Pending[]) {
    const batch = createMessageBatch<unknown>(
      name,
      messages.map(({ id, body, attempts }) => ({ id, body, attempts, timestamp: Date.now() })),
    )
    // The plugin's result lists retried messages but not their delays: those are read on the way.
    const delays = new Map<string, number | undefined>()
    const observed: MessageBatch<unknown> = {
      queue: batch.queue,
      metadata: batch.metadata,
      ackAll: () => batch.ackAll(),
      retryAll: (options) => batch.retryAll(options),
      messages: batch.messages.map((message) => ({
        id: message.id,
        timestamp: message.timestamp,
        body: message.body,
        attempts: message.attempts,
        ack: () => message.ack(),
        retry: (options?: QueueRetryOptions) => {
          delays.set(message.id, options?.delaySeconds)
          message.retry(options)
        },
      })),
    }
    const ctx = createExecutionContext()
    await queue(observed, env)
    const result = await getQueueResult(batch, ctx)
    for (const message of messages) {
      const retry = result.retryMessages.find((r) => r.msgId === message.id)
      const { body } = message
      const requestId = 'event' in body ? (readEventMessage(body)?.id ?? '') : body.meta.requestId
      const deliveries = 'event' in body ? this.eventDeliveries : this.deliveries
      if (name === DEAD_LETTER_QUEUE) {
        deliveries.push({ requestId, attempt: message.attempts, result: 'dead-lettered' })
      } else if (retry) {
        deliveries.push({
          requestId,
          attempt: message.attempts,
          result: 'retried',
          delaySeconds: delays.get(message.id),
        })
        const next = { ...message, attempts: message.attempts + 1 }
        if (message.attempts > MAX_RETRIES) this.deadLetters.push(next)
        else this.pending.push(next)
      } else {
        deliveries.push({ requestId, attempt: message.attempts, result: 'acked' })
      }
    }
  }
}
