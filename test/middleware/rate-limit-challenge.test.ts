// rateLimit's `challenge` on a bare Hono app: below `from` nothing is asked, from `from` to
// `ceiling` a request passes only when `pass` says so (and only then is counted), at `ceiling`
// the hard limit answers; the other rules keep their own limits.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { parseLimit, type RateLimitRule, rateLimit } from '../../src/middleware/rate-limit'
import { T0 } from '../support/fixtures'
import { MemoryStore } from '../support/memory-store'
import { RecordingLogger } from '../support/recording-logger'

const perClient: RateLimitRule = {
  name: 'ip',
  subject: 'client-a',
  limit: parseLimit('4/600', 'IP'),
}
const perLoginId: RateLimitRule = {
  name: 'login',
  subject: '123456789',
  limit: parseLimit('100/3600', 'LOGIN'),
}

function challengedApp(options: {
  rules?: RateLimitRule[]
  thresholds?: { from: number; ceiling: number } | null
}) {
  const store = new MemoryStore()
  const state = { passes: true, asked: 0 }
  const app = new Hono()
    .use(
      rateLimit({
        store: () => store,
        rules: () => options.rules ?? [perClient],
        logger: () => new RecordingLogger(),
        now: () => T0,
        onLimited: (c) => c.text('limited', 429),
        challenge: {
          thresholds: () =>
            options.thresholds === undefined ? { from: 2, ceiling: 8 } : options.thresholds,
          pass: async () => {
            state.asked++
            return state.passes
          },
          onRefused: (c) => c.text('challenged', 429),
        },
      }),
    )
    .post('/', (c) => c.text('ok'))
  const post = async () => {
    const response = await app.request('/', { method: 'POST' })
    return `${response.status} ${await response.text()}`
  }
  return { store, state, post }
}

describe('rateLimit with a challenge', () => {
  it('asks nothing below `from`, then lets through only what passes, counting only that', async () => {
    const { store, state, post } = challengedApp({})
    expect([await post(), await post()]).toEqual(['200 ok', '200 ok'])
    expect(state.asked).toBe(0)

    state.passes = false
    const refused = await post()
    expect(refused).toBe('429 challenged')
    expect(state.asked).toBe(1)
    expect(store.counts()).toEqual({ 'rate:ip:client-a': { 'ip:client-a': 2 } })

    state.passes = true
    expect(await post()).toBe('200 ok')
    expect(store.counts()).toEqual({ 'rate:ip:client-a': { 'ip:client-a': 3 } })
  })

  it("passes a passed request over the rule's own limit up to the ceiling, then answers the hard limit without asking", async () => {
    const { state, post } = challengedApp({})
    for (let n = 0; n < 8; n++) expect(await post()).toBe('200 ok')
    expect(state.asked).toBe(6)
    expect(await post()).toBe('429 limited')
    expect(state.asked).toBe(6)
  })

  it("keeps the other rules' limits for a passed request", async () => {
    const tight = { ...perLoginId, limit: parseLimit('3/3600', 'LOGIN') }
    const { post } = challengedApp({ rules: [perClient, tight] })
    for (let n = 0; n < 3; n++) expect(await post()).toBe('200 ok')
    expect(await post()).toBe('429 limited')
  })

  it("keeps the rule's own limit when `thresholds` gives null", async () => {
    const { state, post } = challengedApp({ thresholds: null })
    for (let n = 0; n < 4; n++) expect(await post()).toBe('200 ok')
    expect(await post()).toBe('429 limited')
    expect(state.asked).toBe(0)
  })
})
