import { describe, expect, it, vi } from 'vitest'
import { OPENAPI } from './support/json-api'

/** How many JSON Schemas have been made from Zod schemas: the document's costliest part. */
const made = vi.hoisted(() => ({ jsonSchemas: 0 }))

// src/ builds its schemas with zod/mini (issue 11), so its toJSONSchema is the one counted.
vi.mock('zod/mini', async (importOriginal) => {
  const zod = await importOriginal<typeof import('zod/mini')>()
  return {
    ...zod,
    toJSONSchema: (...args: Parameters<typeof zod.toJSONSchema>) => {
      made.jsonSchemas++
      return zod.toJSONSchema(...args)
    },
  }
})

/** A Worker loaded afresh, every module evaluated again, and a client for it. */
async function freshlyLoaded() {
  vi.resetModules()
  made.jsonSchemas = 0
  const { testClient } = await import('./support/client')
  return testClient()
}

describe('the OpenAPI document at startup (issue 11)', () => {
  it('is not built when the Worker is loaded or other routes are asked for', async () => {
    const client = await freshlyLoaded()
    expect((await client.request('/password/initialize')).status).toBe(200)
    expect((await client.request('/healthz')).status).toBeLessThan(300)
    expect(made.jsonSchemas).toBe(0)
  })

  it('is built by the first request for it, and only once', async () => {
    const client = await freshlyLoaded()
    const first = await client.request(OPENAPI)
    expect(first.status).toBe(200)
    const built = made.jsonSchemas
    // The procedures' request bodies, the account and verification schemas, each event's payload.
    expect(built).toBeGreaterThan(6)
    const again = await client.request(OPENAPI)
    expect(await again.text()).toBe(await first.text())
    expect(made.jsonSchemas).toBe(built)
  })
})
