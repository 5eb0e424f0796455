import type { WebhookFetch } from '../../src/events/webhook'

/** One post the Worker made to the webhook URL, as the receiver saw it. */
export interface ReceivedWebhook {
  url: string
  headers: Record<string, string>
  body: string
  redirect: RequestInit['redirect']
  signal: AbortSignal | undefined
}

/**
 * How the receiver answers one post: a status (and a `Location` for 3xx), a network error, or
 * no answer until the Worker's timeout aborts the request.
 */
export type ReceiverAnswer = number | 'network-error' | 'no-answer'

/** A fixed 32-byte key, as `whsec_` + base64 (Standard Webhooks' secret format). */
export const WEBHOOK_SECRET = `whsec_${btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i * 7 + 3)))}`
export const WEBHOOK_URL = 'https://records.example/hooks/password-service'

/** The settings that turn webhooks on, for `testClient({ env })`. */
export const WEBHOOKS_ON = { WEBHOOK_URL, WEBHOOK_SECRET } as const

/**
 * The system of record in tests: the Worker's `webhookFetch`. It records every post and answers
 * from a script (`answerWith(500, 'network-error')`), then 204 once the script is used up.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = []
  private script: ReceiverAnswer[] = []

  answerWith(...answers: ReceiverAnswer[]): void {
    this.script.push(...answers)
  }

  /** The bodies received, parsed. */
  get payloads(): Array<{ type: string; timestamp: string; data: Record<string, unknown> }> {
    return this.received.map((post) => JSON.parse(post.body))
  }

  readonly fetch: WebhookFetch = async (input, init) => {
    const headers: Record<string, string> = {}
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value
    })
    const signal = init.signal ?? undefined
    this.received.push({
      url: input,
      headers,
      body: typeof init.body === 'string' ? init.body : '',
      redirect: init.redirect,
      signal,
    })
    const answer = this.script.shift() ?? 204
    if (answer === 'network-error') throw new TypeError('Network connection lost.')
    if (answer === 'no-answer') {
      return new Promise<Response>((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason))
      })
    }
    const location: Record<string, string> =
      answer >= 300 && answer < 400 ? { Location: 'https://elsewhere.example/' } : {}
    return new Response(answer === 204 ? null : 'answer', { status: answer, headers: location })
  }
}

const decodeBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

/**
 * Verifies a post as a Standard Webhooks receiver does, written from the specification: the key
 * is the base64 after `whsec_`; the signed content is `{webhook-id}.{webhook-timestamp}.{body}`;
 * `webhook-signature` is a space-separated list of `v1,<base64 HMAC-SHA256>`, one of which must
 * match; the timestamp must be within five minutes of `nowSeconds`.
 */
export async function verifiesAsStandardWebhook(
  secret: string,
  post: Pick<ReceivedWebhook, 'headers' | 'body'>,
  nowSeconds: number,
): Promise<boolean> {
  const id = post.headers['webhook-id']
  const timestamp = post.headers['webhook-timestamp']
  const signatures = post.headers['webhook-signature']
  if (!id || !timestamp || !signatures) return false
  if (Math.abs(nowSeconds - Number(timestamp)) > 5 * 60) return false
  const key = await crypto.subtle.importKey(
    'raw',
    decodeBase64(secret.replace(/^whsec_/, '')),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  const content = new TextEncoder().encode(`${id}.${timestamp}.${post.body}`)
  for (const signature of signatures.split(' ')) {
    const [version, mac] = signature.split(',')
    if (version !== 'v1' || !mac) continue
    if (await crypto.subtle.verify('HMAC', key, decodeBase64(mac), content)) return true
  }
  return false
}
