import * as z from 'zod/mini'
import { EVENT_TYPES, type EventType, eventData, type ServiceEvent } from '../events/catalog'

/** What each event says, for the OpenAPI document and docs/webhooks.md. */
const descriptions = (): Record<EventType, string> => ({
  'password_initialization.issued':
    'An initialized password was e-mailed to the registered address of the account. It works until `expiresAt` (or until it, or another one issued for the account, is used).',
  'password.changed':
    'The password of the account was changed: on the password change page, with an initialized password or the current one (`passwordKind`), or by the system of record (`source: system_of_record`, `passwordKind: current`; docs/accounts-import.md).',
  'login_id_notification.sent':
    'An e-mail listing these login IDs went to their registered address.',
  'password_change.locked_out':
    "Five wrong passwords within 15 minutes (on the password change page or through the credential verification API) locked the current password's tries for the account until `until`. Sent once, by the try that starts the lockout, and only for a login ID that names an account.",
  'email.bounced':
    "An e-mail of a procedure (`procedure`) bounced (`hard`: the address is rejected for good, and the accounts registered with it are flagged until their e-mail address changes). For `password_initialization`, the e-mail carried the account's initialized password, which is revoked; for `login_id_notification`, `loginIds` are the login IDs it listed.",
  'email.complained':
    'The recipient marked an e-mail of a procedure (`procedure`) as spam: for `password_initialization` the initialized password it carried is revoked; for `login_id_notification`, `loginIds` are the login IDs it listed.',
})

/** An example `data` of each type, for the OpenAPI document. */
const examples = (): { [T in EventType]: Extract<ServiceEvent, { type: T }>['data'] } => ({
  'password_initialization.issued': {
    loginId: '123456789',
    expiresAt: '2026-12-01T10:00:00.000Z',
  },
  'password.changed': { loginId: '123456789', passwordKind: 'initialized' },
  'login_id_notification.sent': { loginIds: ['987654321', '987654322'] },
  'password_change.locked_out': { loginId: '123456789', until: '2026-12-01T09:15:00.000Z' },
  'email.bounced': { procedure: 'password_initialization', loginId: '123456789', hard: true },
  'email.complained': { procedure: 'login_id_notification', loginIds: ['987654321', '987654322'] },
})

/** The component name of an event's payload schema, e.g. `PasswordChangedEvent`. */
const schemaName = (type: EventType) =>
  `${type
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}Event`

const payloadSchema = (type: EventType) => {
  const payload = z.strictObject({
    type: z.literal(type),
    timestamp: z.iso.datetime(),
    data: eventData()[type],
  })
  const { $schema: _, ...schema } = z.toJSONSchema(payload, { io: 'output' })
  return schema
}

/** The Standard Webhooks headers of every post. */
const signatureHeaders = () =>
  [
    {
      name: 'webhook-id',
      description: "The event's ID: the same on every attempt, so a receiver can drop duplicates.",
      example: 'msg_5f0c3e2a9b7d4e21a6c08d1f2b3c4d5e',
    },
    {
      name: 'webhook-timestamp',
      description: "This attempt's time in Unix seconds; reject one more than five minutes off.",
      example: '1764579600',
    },
    {
      name: 'webhook-signature',
      description:
        '`v1,` + base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the bytes of `WEBHOOK_SECRET` after `whsec_` (Standard Webhooks).',
      example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
    },
  ].map(({ name, description, example }) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
    example,
  }))

/**
 * OpenAPI 3.1 `webhooks`: what the service posts to `WEBHOOK_URL` (docs/contract.md#events-for-the-system-of-record), one entry per event
 * type, with the payload schemas from the same Zod schemas that read the queued events. Built
 * when called, with the rest of the document.
 */
export function webhooksDocument() {
  const description = descriptions()
  const example = examples()
  const parameters = signatureHeaders()
  const webhooks = Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `on${schemaName(type)}`,
          summary: type,
          description: `${description[type]} Posted from the work queue at least once: retried with growing delays (6 attempts in about 15 minutes) on a network error, a 10-second timeout, a redirect (never followed) or an answer other than 2xx.`,
          parameters,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: `#/components/schemas/${schemaName(type)}` },
                example: { type, timestamp: '2026-12-01T09:00:00.000Z', data: example[type] },
              },
            },
          },
          responses: {
            '2XX': { description: 'Received. Any other answer is a failed attempt.' },
          },
        },
      },
    ]),
  )
  const schemas = Object.fromEntries(
    EVENT_TYPES.map((type) => [schemaName(type), payloadSchema(type)]),
  )
  return { webhooks, schemas }
}
