import * as z from 'zod/mini'
import { DELIVERY_OUTCOMES, type DeliveryOutcome } from '../../db/schema'
import { lazy } from '../../lazy'

const TYPE_PREFIX = 'cf.email.sending.message.'

/**
 * An Email Service sending event as its event subscription puts it on the queue
 * (developers.cloudflare.com/email-service/platform/event-subscriptions): only the fields read
 * here; others, and fields added later, are let through.
 */
export const sendingEvent = lazy(() =>
  z.object({
    type: z.string(),
    payload: z.object({
      messageId: z.string().check(z.minLength(1)),
      recipient: z.string(),
      bounce: z.optional(z.object({ type: z.string() })),
    }),
  }),
)

export interface SendingEvent {
  outcome: DeliveryOutcome
  messageId: string
  recipient: string
  /** A bounce the recipient's server gave for good (`bounce.type` `hard`). */
  hardBounce: boolean
}

const isOutcome = (value: string): value is DeliveryOutcome =>
  (DELIVERY_OUTCOMES as ReadonlyArray<string>).includes(value)

/** The event a queue message holds; null for anything else (another event type, a malformed one). */
export function readSendingEvent(body: unknown): SendingEvent | null {
  const parsed = sendingEvent().safeParse(body)
  if (!parsed.success || !parsed.data.type.startsWith(TYPE_PREFIX)) return null
  const outcome = parsed.data.type.slice(TYPE_PREFIX.length)
  if (!isOutcome(outcome)) return null
  const { messageId, recipient, bounce } = parsed.data.payload
  return {
    outcome,
    messageId,
    recipient,
    hardBounce: outcome === 'bounced' && bounce?.type === 'hard',
  }
}
