import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { expect } from 'vitest'
import type { Dependencies } from '../../src/platform/context'
import { createWorker } from '../../src/worker'
import { RecordingLogger } from './recording-logger'
import { RecordingMailer } from './recording-mailer'
import { WebhookReceiver } from './webhook-receiver'
import { RecordingQueue } from './work-queue'

export const ORIGIN = 'http://localhost:8787'

/**
 * The Worker with a recording mailer, a settable clock, a recording work queue, a recording
 * logger (`logs`; pass one to share it between clients) and a webhook receiver (posted to only
 * when the env sets `WEBHOOK_URL`). Each request waits for the work the
 * app left running after its response, then the queue's messages are delivered to the Worker's
 * real consumer, so a test sees the rows, e-mails and webhooks that request caused.
 */
export function testClient(
  options: {
    /** The optional secrets (`WEBHOOK_SECRET`, `TURNSTILE_SECRET_KEY`, the `*_PREVIOUS` keys) are not in the generated `Env`. */
    env?: Partial<Env> & { WEBHOOK_SECRET?: string; TURNSTILE_SECRET_KEY?: string } & {
      [previous: `${string}_PREVIOUS`]: string
    }
    deps?: Partial<Dependencies>
    logs?: RecordingLogger
  } = {},
) {
  const mailer = new RecordingMailer()
  const clock = { now: Date.now() }
  const queue = new RecordingQueue()
  const receiver = new WebhookReceiver()
  const logs = options.logs ?? new RecordingLogger()
  const worker = createWorker({
    mailer: () => mailer,
    now: () => clock.now,
    workQueue: () => queue,
    webhookFetch: receiver.fetch,
    logger: logs,
    ...options.deps,
  })
  const bindings: Env = { ...env, ...options.env }

  /** The response, after the work left running after it, but before the queue is delivered. */
  async function requestOnly(path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext()
    const response = await worker.fetch(new Request(new URL(path, ORIGIN), init), bindings, ctx)
    await waitOnExecutionContext(ctx)
    return response
  }

  /** Runs the consumer on everything the queue holds (and its retries and dead letters). */
  const deliverQueue = () => queue.deliver(worker.queue, bindings)

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await requestOnly(path, init)
    await deliverQueue()
    return response
  }

  const postForm = (path: string, fields: Record<string, string | string[]>, headers = {}) => {
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(fields)) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one)
    }
    return request(path, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      redirect: 'manual',
    })
  }

  /**
   * Posts a form and leaves its message on the queue, undelivered: part of the next delivery's
   * batch. The request's ID.
   */
  async function enqueueForm(path: string, fields: Record<string, string>, headers = {}) {
    const response = await requestOnly(path, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    const requestId = response.headers.get('X-Request-Id')
    if (requestId === null) throw new Error('every response names its request')
    return requestId
  }

  return {
    worker,
    mailer,
    clock,
    queue,
    receiver,
    logs,
    request,
    requestOnly,
    deliverQueue,
    postForm,
    enqueueForm,
  }
}
