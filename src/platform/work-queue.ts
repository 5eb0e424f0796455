import type { EventMessage } from '../events/catalog'
import type { Locale } from '../i18n/locales'

/**
 * A queue message: one valid submission whose account work runs in the consumer (docs/contract.md#account-work-on-the-queue). It
 * holds the normalized submission (login ID, name, phone in E.164, e-mail), sealed with
 * `QUEUE_MESSAGE_KEY` (src/platform/sealed-message.ts), and what the audit trail needs (request
 * ID, hashed client, country, time) in clear. Queues keep it until it is acknowledged: seconds
 * normally, up to the last retry (about 30 minutes) when the Email Service refuses, and a dead
 * letter is consumed at once (logged without personal data, audited, acknowledged).
 */
export interface WorkMessage {
  procedure: string
  /** The submission, sealed: `sealSubmission(request, key, sealedBinding(procedure, requestId))`. */
  sealed?: string
  /** The submission in clear: only messages enqueued before sealing, still read. */
  request?: unknown
  meta: SubmissionMeta
}

/** What a sealed submission is bound to: its message's procedure and request ID. */
export const sealedBinding = (procedure: string, requestId: string) => `${procedure}:${requestId}`

/** Who submitted and when, without who they are: the request ID, keyed client hash and country. */
export interface SubmissionMeta {
  requestId: string
  /** The API key the submission came with; null for the public client. */
  apiKeyId: string | null
  clientHash: string
  country: string | null
  submittedAt: number
  /**
   * The language of the page the form was posted from (not personal data, so in clear): the
   * e-mail is written in it and its link opens the next page in it (docs/decisions/024-e-mail-language.md).
   * Null for the JSON API and for messages enqueued before it was carried.
   */
  pageLocale?: Locale | null
}

/** The producer side of the Queue binding; a recording one in tests. Events share the queue. */
export interface WorkQueue {
  send(message: WorkMessage | EventMessage): Promise<unknown>
}
