// rateLimit on a bare Hono app with an in-memory store: fixed windows, every rule charged,
// Retry-After from the latest window end, and failing open when the store fails.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import {
  parseLimit,
  type RateLimitRule,
  type RateLimitStore,
  rateLimit,
} from '../../src/middleware/rate-limit'
import { MINUTE, T0 } from '../support/fixtures'
import { MemoryStore } from '../support/memory-store'
import { RecordingLogger } from '../support/recording-logger'

const failing: RateLimitStore = {
  get: () => Promise.reject(new Error('store down')),
  put: () => Promise.reject(new Error('store down')),
}

function limitedApp(store: RateLimitStore, rules: RateLimitRule[], clock = { now: T0 }) {
  const logs = new RecordingLogger()
  const app = new Hono()
    .use(
      rateLimit({
        store: () => store,
        rules: () => rules,
        logger: () => logs,
        now: () => clock.now,
        onLimited: (c, { rule }) => c.text(`limited by ${rule.name}`, 429),
      }),
    )
    .post('/', (c) => c.text('ok'))
  return { app, clock, logs, post: () => app.request('/', { method: 'POST' }) }
}

const perClient: RateLimitRule = {
  name: 'ip',
  subject: 'client-a',
  limit: parseLimit('2/600', 'IP'),
}
const perLoginId: RateLimitRule = {
  name: 'login',
  subject: '123456789',
  limit: parseLimit('3/3600', 'LOGIN'),
}

describe('rateLimit', () => {
  it('lets `count` requests through in a window, then answers 429 until the window ends', async () => {
    const { post, clock } = limitedApp(new MemoryStore(), [perClient])
    expect((await post()).status).toBe(200)
    expect((await post()).status).toBe(200)
    const limited = await post()
    expect(limited.status).toBe(429)
    expect(await limited.text()).toBe('limited by ip')
    // T0 is 07:43:00 UTC: the 10-minute window ends at 07:50:00.
    expect(limited.headers.get('Retry-After')).toBe('420')

    clock.now = T0 + 7 * MINUTE
    expect((await post()).status).toBe(200)
  })

  it('charges every rule and waits for the window that ends last', async () => {
    const store = new MemoryStore()
    const { post } = limitedApp(store, [perClient, perLoginId])
    await post()
    expect(store.counts()).toEqual({
      'rate:ip:client-a': { 'ip:client-a': 1, 'login:123456789': 1 },
    })
    await post()
    const limited = await post()
    expect(limited.status).toBe(429)
    expect(await limited.text()).toBe('limited by ip')
    expect(limited.headers.get('Retry-After')).toBe('420')
  })

  it('gives the latest window end when several limits are reached', async () => {
    const store = new MemoryStore()
    const { post } = limitedApp(store, [
      perClient,
      { ...perLoginId, limit: parseLimit('2/3600', 'L') },
    ])
    await post()
    await post()
    const limited = await post()
    // The hour window ends at 08:00:00, 17 minutes after T0.
    expect(limited.headers.get('Retry-After')).toBe('1020')
  })

  it('does not count a refused request', async () => {
    const store = new MemoryStore()
    const { post } = limitedApp(store, [perClient])
    await post()
    await post()
    await post()
    await post()
    expect(store.counts()).toEqual({ 'rate:ip:client-a': { 'ip:client-a': 2 } })
  })

  it("keeps a request's counters in one entry, its first rule's: one read and one write", async () => {
    const store = new MemoryStore()
    const { post } = limitedApp(store, [perClient, perLoginId])
    await post()
    expect([store.reads, store.writes]).toEqual([1, 1])
    // The entry lives until its last window ends: the login ID's hour, at 08:00:00.
    expect(store.entries.get('rate:ip:client-a')?.expiresAt).toBe(T0 + 17 * MINUTE)
    const counters = store.entries.get('rate:ip:client-a')?.counters
    expect(counters).toEqual({
      'ip:client-a': [1, T0 + 7 * MINUTE],
      'login:123456789': [1, T0 + 17 * MINUTE],
    })
  })

  it("keeps the client's other counters and drops those whose window has ended", async () => {
    const store = new MemoryStore()
    const { post, clock } = limitedApp(store, [perClient, perLoginId])
    await post()
    // Another login ID from the same client: one more counter in the same entry.
    await limitedApp(store, [perClient, { ...perLoginId, subject: '987654321' }], clock).post()
    expect(store.counts()).toEqual({
      'rate:ip:client-a': { 'ip:client-a': 2, 'login:123456789': 1, 'login:987654321': 1 },
    })
    // After 07:50 the client's window is a new one; the login IDs' hour goes on until 08:00.
    clock.now = T0 + 8 * MINUTE
    await post()
    expect(store.counts()).toEqual({
      'rate:ip:client-a': { 'ip:client-a': 1, 'login:123456789': 2, 'login:987654321': 1 },
    })
    // After 08:00 every window has ended: only what this request charged is kept.
    clock.now = T0 + 18 * MINUTE
    await limitedApp(store, [perClient], clock).post()
    expect(store.counts()).toEqual({ 'rate:ip:client-a': { 'ip:client-a': 1 } })
  })

  it('keeps separate counts per subject', async () => {
    const store = new MemoryStore()
    await limitedApp(store, [perClient]).post()
    await limitedApp(store, [{ ...perClient, subject: 'client-b' }]).post()
    expect(store.counts()).toEqual({
      'rate:ip:client-a': { 'ip:client-a': 1 },
      'rate:ip:client-b': { 'ip:client-b': 1 },
    })
  })

  it('fails open when the store fails, and logs which operation failed', async () => {
    const { post, logs } = limitedApp(failing, [perClient])
    expect((await post()).status).toBe(200)
    expect(logs.parsed.map((line) => [line.event, line.operation])).toEqual([
      ['rate_limit_store_failed', 'get'],
    ])
  })

  it('refuses a limit that is not COUNT/SECONDS', () => {
    for (const bad of ['10', '0/600', '10/0', 'ten/600', '']) {
      expect(() => parseLimit(bad, 'RATE_LIMIT_PER_IP'), bad).toThrow(
        'RATE_LIMIT_PER_IP must look like COUNT/SECONDS, e.g. 10/600',
      )
    }
    expect(parseLimit(' 10 / 600 ', 'X')).toEqual({ count: 10, seconds: 600 })
  })
})
