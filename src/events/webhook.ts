import { type QueuedEvent, webhookBody } from './catalog'
import { signWebhook } from './signature'

/** A receiver that has not answered within 10 seconds has failed this attempt (docs/contract.md#events-for-the-system-of-record). */
export const WEBHOOK_TIMEOUT_MS = 10_000

/** The fetch that posts events; the global one in production, a test receiver in tests. */
export type WebhookFetch = (input: string, init: RequestInit) => Promise<Response>

export type WebhookAttempt =
  | { delivered: true; status: number }
  | { delivered: false; reason: 'timeout' | 'network' | 'status'; status?: number }

/**
 * One attempt to post an event, signed as Standard Webhooks do with this attempt's timestamp. A
 * 2xx answer delivers it; a network error, the timeout, a redirect (never followed: the event
 * goes to the configured URL only) or any other status is a failure to try again.
 */
export async function postWebhook(
  event: QueuedEvent,
  target: { url: URL; keys: readonly Uint8Array[]; fetch: WebhookFetch; now: number },
): Promise<WebhookAttempt> {
  const body = webhookBody(event)
  const timestamp = Math.floor(target.now / 1000)
  let response: Response
  try {
    response = await target.fetch(target.url.href, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        // One signature per key, space-separated (Standard Webhooks): during a rotation the
        // receiver accepts the message under the old secret or the new one.
        'webhook-signature': (
          await Promise.all(target.keys.map((key) => signWebhook(key, event.id, timestamp, body)))
        ).join(' '),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    })
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError'
    return { delivered: false, reason: timedOut ? 'timeout' : 'network' }
  }
  // The answer's body is never read; cancelling it frees the connection.
  await response.body?.cancel().catch(() => undefined)
  const { status } = response
  return status >= 200 && status < 300
    ? { delivered: true, status }
    : { delivered: false, reason: 'status', status }
}
