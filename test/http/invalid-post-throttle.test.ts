// Invalid posts (422) have a throttle of their own, the Rate Limiting binding only: past it a
// flood is answered 429 and writes no KV counter (docs/operations.md).
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { INVALID_POST_GUARD_PERIOD_SECONDS } from '../../src/http/submission'
import wranglerToml from '../../wrangler.toml?raw'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { from, TARO } from '../support/fixtures'
import {
  PASSWORD_INITIALIZATIONS,
  postJson,
  rateLimitCounters,
  TARO_JSON,
} from '../support/json-api'
import { refusedRows } from '../support/rows'

beforeEach(resetToDemoAccounts)

/** A client address of its own for each test: the binding's counters outlive a test. */
let lastHost = 0
const freshClientAddress = () => `198.19.${Math.floor(Math.random() * 250)}.${++lastHost}`

/** wrangler.toml's throttle of invalid posts (30 per 60 seconds per client). */
const atDefault = () =>
  testClient({ deps: { invalidPostGuard: () => env.INVALID_POST_GUARD_AT_DEFAULT } })

const INVALID_FORM = { ...TARO, loginId: '12345678' }

describe('the invalid-post throttle in wrangler.toml', () => {
  it('is a Rate Limiting binding of 30 per 60 seconds, the period the code sends as Retry-After', () => {
    const table =
      wranglerToml
        .split(/^(?=\[)/m)
        .find((t) => t.startsWith('[[ratelimits]]') && t.includes('"INVALID_POST_GUARD"')) ?? ''
    expect(table).toMatch(
      new RegExp(
        `^simple = \\{ limit = 30, period = ${INVALID_POST_GUARD_PERIOD_SECONDS} \\}$`,
        'm',
      ),
    )
  })
})

describe('a flood of invalid posts from one client', () => {
  it('is answered 422 thirty times, then 429 with Retry-After, without a KV write', async () => {
    const client = atDefault()
    const address = from(freshClientAddress())
    const countersBefore = await rateLimitCounters()
    const statuses: number[] = []
    for (let n = 0; n < 40; n++) {
      const answer = await client.postForm('/password/initialize', INVALID_FORM, address)
      await answer.text()
      statuses.push(answer.status)
      if (answer.status === 429) {
        expect(answer.headers.get('Retry-After')).toBe(String(INVALID_POST_GUARD_PERIOD_SECONDS))
      }
    }
    expect(statuses).toEqual([...Array(30).fill(422), ...Array(10).fill(429)])
    expect(await rateLimitCounters()).toEqual(countersBefore)
    // Every refusal is counted, by its outcome.
    const counted = { invalid: 0, rate_limited: 0 }
    for (const { outcome, count } of await refusedRows()) counted[outcome] += count
    expect(counted).toEqual({ invalid: 30, rate_limited: 10 })
    expect(client.mailer.sent).toEqual([])
  }, 60_000)

  it('answers the JSON route 429 as a problem document past the throttle', async () => {
    const client = atDefault()
    const address = from(freshClientAddress())
    const invalid = { ...TARO_JSON, loginId: '1' }
    for (let n = 0; n < 30; n++) {
      const answer = await postJson(client, PASSWORD_INITIALIZATIONS, invalid, address)
      expect(answer.status).toBe(422)
    }
    const past = await postJson(client, PASSWORD_INITIALIZATIONS, invalid, address)
    expect(past.status).toBe(429)
    expect(past.headers.get('Content-Type')).toBe('application/problem+json')
    expect((await past.json()) as { type: string }).toMatchObject({
      type: '/api/v1/problems/too-many-requests',
    })
  }, 60_000)

  it('leaves the same client a valid submission, and holds no other client back', async () => {
    const client = atDefault()
    const address = from(freshClientAddress())
    for (let n = 0; n < 35; n++) {
      await (await client.postForm('/password/initialize', INVALID_FORM, address)).text()
    }
    expect((await client.postForm('/password/initialize', TARO, address)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    const other = from(freshClientAddress())
    expect((await client.postForm('/password/initialize', INVALID_FORM, other)).status).toBe(422)
  }, 60_000)
})
