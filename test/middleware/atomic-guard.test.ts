import { env } from 'cloudflare:workers'
import { Hono } from 'hono'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { SUBMISSION_GUARD_PERIOD_SECONDS } from '../../src/http/submission'
import { atomicGuard } from '../../src/middleware/atomic-guard'
import wranglerToml from '../../wrangler.toml?raw'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { TARO } from '../support/fixtures'
import { RecordingLogger } from '../support/recording-logger'

beforeEach(resetToDemoAccounts)

/** A client address of its own for each test: the guard's counters outlive a test. */
let lastHost = 0
const freshClientAddress = () => `198.18.${Math.floor(Math.random() * 250)}.${++lastHost}`

const BURST = 25

describe('the submission guard in wrangler.toml (docs/contract.md#abuse-limits)', () => {
  it('is a Rate Limiting binding of 10 per 60 seconds, the period the code sends as Retry-After', () => {
    const table = wranglerToml.split(/^(?=\[)/m).find((t) => t.startsWith('[[ratelimits]]')) ?? ''
    expect(table).toMatch(/^name = "SUBMISSION_GUARD"$/m)
    expect(table).toMatch(
      new RegExp(`^simple = \\{ limit = 10, period = ${SUBMISSION_GUARD_PERIOD_SECONDS} \\}$`, 'm'),
    )
  })
})

describe('a burst of simultaneous submissions from one client: at most 12 of 25 (docs/contract.md#abuse-limits)', () => {
  // wrangler.toml's guard, and the contract's (docs/contract.md#abuse-limits) own per-IP limit.
  const atDefaults = () =>
    testClient({
      env: { RATE_LIMIT_PER_IP: '10/600' },
      deps: { submissionGuard: () => env.SUBMISSION_GUARD_AT_DEFAULT },
    })

  it('accepts at most 12 form posts of 25 sent at once, and answers the rest 429', async () => {
    const client = atDefaults()
    const from = { 'CF-Connecting-IP': freshClientAddress() }
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, n) =>
        client.postForm(
          '/password/initialize',
          { ...TARO, loginId: String(100_000_000 + n) },
          from,
        ),
      ),
    )
    const statuses = answers.map((answer) => answer.status)
    const accepted = statuses.filter((status) => status === 303).length
    expect(accepted).toBeGreaterThanOrEqual(1)
    expect(accepted).toBeLessThanOrEqual(12)
    expect(statuses.filter((status) => status === 429)).toHaveLength(BURST - accepted)
    expect(client.queue.sent).toHaveLength(accepted)
    for (const answer of answers.filter((a) => a.status === 429)) {
      expect(Number(answer.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1)
    }
  })

  it('accepts at most 12 JSON requests of 25 sent at once', async () => {
    const client = atDefaults()
    const headers = { 'CF-Connecting-IP': freshClientAddress(), 'Content-Type': 'application/json' }
    const body = JSON.stringify({
      loginId: TARO.loginId,
      name: TARO.name,
      phone: '+819012345678',
      email: TARO.email,
    })
    const answers = await Promise.all(
      Array.from({ length: BURST }, () =>
        client.request('/api/v1/password-initializations', { method: 'POST', headers, body }),
      ),
    )
    const accepted = answers.filter((answer) => answer.status === 202).length
    expect(accepted).toBeGreaterThanOrEqual(1)
    expect(accepted).toBeLessThanOrEqual(12)
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(BURST - accepted)
    // The per-account cap in D1 still lets only one of them send.
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('holds no other client back', async () => {
    const client = atDefaults()
    const burster = { 'CF-Connecting-IP': freshClientAddress() }
    await Promise.all(
      Array.from({ length: BURST }, (_, n) =>
        client.postForm(
          '/password/initialize',
          { ...TARO, loginId: String(100_000_000 + n) },
          burster,
        ),
      ),
    )
    const other = await client.postForm('/password/initialize', TARO, {
      'CF-Connecting-IP': freshClientAddress(),
    })
    expect(other.status).toBe(303)
  })
})

describe('atomicGuard', () => {
  let logs: RecordingLogger
  beforeEach(() => {
    logs = new RecordingLogger()
  })
  const guarded = (limiter: RateLimit, key: string | null = 'client-a') =>
    new Hono()
      .use(
        atomicGuard({
          limiter: () => limiter,
          key: () => key,
          periodSeconds: 60,
          onLimited: (c) => c.text('too many', 429),
          logger: () => logs,
        }),
      )
      .get('/', (c) => c.text('ok'))

  it('lets requests through while the binding allows them, then answers 429 with Retry-After', async () => {
    const results = [true, true, false]
    const limiter: RateLimit = { limit: async () => ({ success: results.shift() ?? false }) }
    const app = guarded(limiter)
    expect((await app.request('/')).status).toBe(200)
    expect((await app.request('/')).status).toBe(200)
    const limited = await app.request('/')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBe('60')
  })

  it('asks the binding with the key it is given', async () => {
    const keys: string[] = []
    const limiter: RateLimit = {
      limit: async ({ key }) => {
        keys.push(key)
        return { success: true }
      },
    }
    await guarded(limiter, 'client-b').request('/')
    expect(keys).toEqual(['client-b'])
  })

  it('does not count a request without a key (an API key has its own quota)', async () => {
    const limit = vi.fn(async () => ({ success: false }))
    expect((await guarded({ limit }, null).request('/')).status).toBe(200)
    expect(limit).not.toHaveBeenCalled()
  })

  it('lets the request through and logs it when the binding fails', async () => {
    const limiter: RateLimit = { limit: () => Promise.reject(new Error('down')) }
    expect((await guarded(limiter).request('/')).status).toBe(200)
    expect(logs.parsed.map((line) => [line.level, line.event])).toEqual([
      ['error', 'atomic_guard_failed'],
    ])
  })

  it('counts exactly with the real binding: 10 of 25 at once pass, other keys unaffected', async () => {
    let key = freshClientAddress()
    const app = new Hono()
      .use(
        atomicGuard({
          limiter: () => env.SUBMISSION_GUARD_AT_DEFAULT,
          key: () => key,
          periodSeconds: 60,
          onLimited: (c) => c.text('too many', 429),
          logger: () => new RecordingLogger(),
        }),
      )
      .get('/', (c) => c.text('ok'))
    const answers = await Promise.all(Array.from({ length: BURST }, () => app.request('/')))
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(10)
    key = freshClientAddress()
    expect((await app.request('/')).status).toBe(200)
  })
})
