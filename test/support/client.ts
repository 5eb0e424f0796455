import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import type { Dependencies } from '../../src/platform/context'
import { createWorker } from '../../src/worker'
import { RecordingMailer } from './recording-mailer'
import { RecordingQueue } from './work-queue'

export const ORIGIN = 'http://localhost:8787'

/**
 * The Worker with a recording mailer, a settable clock and a recording work queue. Each request
 * waits for the work the app left running after its response, then the queue's messages are
 * delivered to the Worker's real consumer, so a test sees the rows and e-mails that request caused.
 */
export function testClient(options: { env?: Partial<Env>; deps?: Partial<Dependencies> } = {}) {
  const mailer = new RecordingMailer()
  const clock = { now: Date.now() }
  const queue = new RecordingQueue()
  const worker = createWorker({
    mailer: () => mailer,
    now: () => clock.now,
    workQueue: () => queue,
    ...options.deps,
  })
  const bindings: Env = { ...env, ...options.env }

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext()
    const response = await worker.fetch(new Request(new URL(path, ORIGIN), init), bindings, ctx)
    await waitOnExecutionContext(ctx)
    await queue.deliver(worker.queue, bindings)
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

  return { worker, mailer, clock, queue, request, postForm }
}
