import * as z from 'zod/mini'
import { isEventMessage } from '../events/catalog'
import { LOCALES } from '../i18n/locales'
import { lazy } from '../lazy'
import type { ContextOrigin } from '../platform/context'
import { openSubmission } from '../platform/sealed-message'
import type { SecretPair } from '../platform/secrets'
import { type SubmissionMeta, sealedBinding } from '../platform/work-queue'

// A work queue message as the consumer reads it (src/platform/work-queue.ts says what the
// producer sends): its shape, its sealed submission opened, and whom its work is for.

// Built on the first message (`lazy`): a Worker that only answers requests never needs it.
export const workMessage = lazy(() =>
  z.object({
    procedure: z.string(),
    request: z.optional(z.unknown()),
    sealed: z.optional(z.string()),
    meta: z.object({
      requestId: z.string(),
      // Messages enqueued before audit rows named the key have none.
      apiKeyId: z._default(z.nullable(z.string()), null),
      clientHash: z.string(),
      country: z.nullable(z.string()),
      submittedAt: z.number(),
      // Absent before messages carried it; anything but one of ours reads as none.
      pageLocale: z.catch(z.nullable(z.enum(LOCALES)), null),
    }),
  }),
)

/**
 * The message as its work reads it: a sealed submission opened (with the current key or the
 * previous one) into `request`, bound to its own procedure and request ID. One that opens with
 * neither key gets no request, so it is dropped as malformed and logged (without its content).
 * Events and messages enqueued before sealing pass as they are.
 */
export async function opened(
  message: Message<unknown>,
  keys: SecretPair,
): Promise<Message<unknown>> {
  if (isEventMessage(message.body)) return message
  const parsed = workMessage().safeParse(message.body)
  if (!parsed.success || parsed.data.sealed === undefined) return message
  const { sealed, ...body } = parsed.data
  const binding = sealedBinding(body.procedure, body.meta.requestId)
  const request = await openSubmission(sealed, keys, binding)
  return {
    id: message.id,
    timestamp: message.timestamp,
    attempts: message.attempts,
    body: { ...body, request },
    ack: () => message.ack(),
    retry: (options) => message.retry(options),
  }
}

/** Who a message's work is for: its submission's request ID, API key, client and page language. */
export const originOf = (meta: SubmissionMeta): ContextOrigin => ({
  requestId: meta.requestId,
  apiKeyId: meta.apiKeyId,
  client: { hash: () => Promise.resolve(meta.clientHash), country: meta.country },
  pageLocale: meta.pageLocale ?? null,
})
