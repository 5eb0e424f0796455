import { readConfig, webhookSecrets } from '../platform/config'
import type { Dependencies } from '../platform/context'
import type { Logger } from '../platform/log'
import { webhookKey } from '../platform/secrets'
import { readEventMessage } from './catalog'
import { postWebhook } from './webhook'

/** What the consumer does with an event message after one attempt. */
export type EventDecision = 'ack' | 'retry'

/**
 * One attempt to deliver an event message from the work queue (docs/contract.md#events-for-the-system-of-record): posted to `WEBHOOK_URL`
 * signed with `WEBHOOK_SECRET`; a failed attempt is retried by the queue (with growing delays,
 * the same `webhook-id`) until its retries run out and it becomes a dead letter. A missing or
 * malformed secret while the URL is set is logged as an error on every attempt and ends the same
 * way, so a misconfiguration is loud but loses nothing before the dead-letter queue.
 */
export async function deliverEvent(
  body: unknown,
  attempt: number,
  env: Env,
  deps: Dependencies,
): Promise<EventDecision> {
  const log = deps.logger
  const event = readEventMessage(body)
  if (event === null) {
    log.error('event_message_malformed', { attempt })
    return 'ack'
  }
  const fields = { webhookId: event.id, type: event.type, attempt }
  const { webhookUrl } = readConfig(env)
  if (webhookUrl === null) {
    // Enqueued while webhooks were on; they have been turned off since.
    log.warn('webhook_disabled', fields)
    return 'ack'
  }
  // Optional (webhooks are), so not among wrangler.toml's required secrets.
  const { secret, previous } = webhookSecrets(env)
  if (!secret) {
    log.error('webhook_secret_missing', fields)
    return 'retry'
  }
  let keys: Uint8Array[]
  try {
    keys = [webhookKey(secret)]
    if (previous) keys.push(webhookKey(previous, 'WEBHOOK_SECRET_PREVIOUS'))
  } catch {
    log.error('webhook_secret_malformed', fields)
    return 'retry'
  }
  const result = await postWebhook(event, {
    url: webhookUrl,
    keys,
    fetch: deps.webhookFetch,
    now: deps.now(),
  })
  if (result.delivered) {
    log.info('webhook_delivered', { ...fields, status: result.status })
    return 'ack'
  }
  log.warn('webhook_failed', { ...fields, reason: result.reason, status: result.status })
  return 'retry'
}

/** An event whose every attempt failed: logged (without its data) and acknowledged. */
export function logDeadEvent(log: Logger, body: unknown, attempts: number): void {
  const event = readEventMessage(body)
  log.error('webhook_dead_lettered', { webhookId: event?.id, type: event?.type, attempts })
}
