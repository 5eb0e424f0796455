import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { createApp } from '../../src/app'
import { RecordingMailer } from './recording-mailer'

export const ORIGIN = 'http://localhost:8787'

/**
 * The app with a recording mailer and a settable clock. Each request waits for the work the app
 * left running after its response, so a test sees the rows and e-mails that request caused.
 */
export function testClient(options: { env?: Partial<Env> } = {}) {
  const mailer = new RecordingMailer()
  const clock = { now: Date.now() }
  const app = createApp({ mailer: () => mailer, now: () => clock.now })
  const bindings: Env = { ...env, ...options.env }

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext()
    const response = await app.fetch(new Request(new URL(path, ORIGIN), init), bindings, ctx)
    await waitOnExecutionContext(ctx)
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

  return { app, mailer, clock, request, postForm }
}
