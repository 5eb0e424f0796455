import * as z from 'zod/mini'
import { lazy } from '../lazy'

/** The contract's (docs/contract.md#events-for-the-system-of-record) event types, in the order the OpenAPI document lists them. */
export const EVENT_TYPES = [
  'password_initialization.issued',
  'password.changed',
  'login_id_notification.sent',
  'password_change.locked_out',
  'email.bounced',
  'email.complained',
] as const

export type EventType = (typeof EVENT_TYPES)[number]

/**
 * docs/contract.md#events-for-the-system-of-record: the events the system of record hears, each `type` with its `data`. Login IDs and
 * times only: never a name, phone number, e-mail address or password. Built on first use: only
 * the consumer and the OpenAPI document read them, never a request's answer.
 */
export const eventData = lazy(() => {
  const loginId = z.string().check(z.regex(/^[0-9]{9}$/))
  const instant = z.iso.datetime()
  return {
    'password_initialization.issued': z.strictObject({ loginId, expiresAt: instant }),
    'password.changed': z.strictObject({
      loginId,
      passwordKind: z.enum(['initialized', 'current']),
      /** Who set it; absent: the holder, on the password change page. */
      source: z.optional(z.enum(['holder', 'system_of_record'])),
    }),
    'login_id_notification.sent': z.strictObject({
      loginIds: z.array(loginId).check(z.minLength(1)),
    }),
    'password_change.locked_out': z.strictObject({ loginId, until: instant }),
    // docs/operations.md#delivery-outcomes: the e-mail of a procedure bounced or was marked as
    // spam; one carrying an initialized password names its login ID (the password is revoked), a
    // login ID notification the login IDs it listed.
    'email.bounced': z.union([
      z.strictObject({ ...ofPasswordInitialization(), loginId, hard: z.boolean() }),
      z.strictObject({ ...ofLoginIdNotification(loginId), hard: z.boolean() }),
    ]),
    'email.complained': z.union([
      z.strictObject({ ...ofPasswordInitialization(), loginId }),
      z.strictObject(ofLoginIdNotification(loginId)),
    ]),
  } as const satisfies Record<EventType, z.ZodMiniType>
})

/** Whose e-mail a delivery event is about: absent in events enqueued before it was named. */
const ofPasswordInitialization = () => ({
  procedure: z.optional(z.literal('password_initialization')),
})
const ofLoginIdNotification = (loginId: z.ZodMiniString) => ({
  procedure: z.literal('login_id_notification'),
  loginIds: z.array(loginId).check(z.minLength(1)),
})

type EventData = ReturnType<typeof eventData>

/** Something that happened, before it is given its webhook ID and time. */
export type ServiceEvent = {
  [T in EventType]: { type: T; data: z.infer<EventData[T]> }
}[EventType]

const envelope = <T extends EventType>(type: T) =>
  z.strictObject({
    id: z.string().check(z.regex(/^msg_[0-9a-f]{32}$/)),
    type: z.literal(type),
    timestamp: z.iso.datetime(),
    data: eventData()[type],
  })

// Built on the first read: only the queue consumer reads events, never a request (docs/performance.md).
const queuedEvent = lazy(() =>
  z.discriminatedUnion('type', [
    envelope('password_initialization.issued'),
    envelope('password.changed'),
    envelope('login_id_notification.sent'),
    envelope('password_change.locked_out'),
    envelope('email.bounced'),
    envelope('email.complained'),
  ]),
)

/** An event as it waits on the work queue: its `webhook-id` is chosen once, for every attempt. */
export type QueuedEvent = z.infer<ReturnType<typeof queuedEvent>>

/** The work queue's message of an event (the procedures' messages have no `event`). */
export interface EventMessage {
  event: QueuedEvent
}

/** Reads a queue message as an event; null when it is not a well-formed one. */
export function readEventMessage(body: unknown): QueuedEvent | null {
  if (typeof body !== 'object' || body === null || !('event' in body)) return null
  const parsed = queuedEvent().safeParse(body.event)
  return parsed.success ? parsed.data : null
}

/** Whether a queue message carries an event (well-formed or not) rather than a procedure's work. */
export const isEventMessage = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && 'event' in body

/**
 * The webhook ID of the event of one type that one request caused: derived from the request ID,
 * so a redelivered queue message that enqueues its event again gives it the same ID, and the
 * receiver can drop the duplicate.
 */
export async function eventId(requestId: string, type: EventType): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`event:${requestId}:${type}`),
  )
  const hex = Array.from(new Uint8Array(digest).slice(0, 16), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('')
  return `msg_${hex}`
}

/** The body a receiver gets: `{type, timestamp, data}` (Standard Webhooks' payload shape). */
export const webhookBody = (event: QueuedEvent): string =>
  JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data })

/** The `password_change.locked_out` event of a try that started a lockout, if it did. */
export const lockedOutEvents = (loginId: string, until: number | null): ServiceEvent[] =>
  until === null
    ? []
    : [
        {
          type: 'password_change.locked_out',
          data: { loginId, until: new Date(until).toISOString() },
        },
      ]
