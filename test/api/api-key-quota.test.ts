// An API key's quota holds under concurrency: counted by one conditional upsert in D1 per
// request, so a burst can not pass on a count every request read before any wrote (see
// docs/operations.md).
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiKeyWindows } from '../../src/db/schema'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { from, MINUTE } from '../support/fixtures'
import { PASSWORD_INITIALIZATIONS, postJson, TARO_JSON } from '../support/json-api'
import { db } from '../support/rows'

beforeEach(resetToDemoAccountsWithoutKeys)

/** 09:03 UTC: three minutes into a 10-minute window (windows are fixed). */
const T0 = Date.UTC(2026, 11, 1, 9, 3, 0)
const BURST = 16

let sequence = 0
/** A valid request for an unknown login ID: accepted, sends nothing. */
const unknownLoginId = () => ({ ...TARO_JSON, loginId: String(100_000_000 + ++sequence) })

function quotaClient() {
  // The per-IP limit and guard are not in a keyed request's way; the per-login-ID one is far off.
  const client = testClient({ env: { RATE_LIMIT_PER_LOGIN_ID: '1000/3600' } })
  client.clock.now = T0
  return client
}

/** Sends BURST requests with the key at once, each from its own address; their statuses. */
async function burst(client: ReturnType<typeof quotaClient>, key: string): Promise<number[]> {
  const answers = await Promise.all(
    Array.from({ length: BURST }, (_, n) =>
      postJson(client, PASSWORD_INITIALIZATIONS, unknownLoginId(), {
        ...from(`198.51.100.${n + 1}`),
        ...bearer(key),
      }),
    ),
  )
  return Promise.all(
    answers.map(async (answer) => {
      await answer.text()
      return answer.status
    }),
  )
}

describe('an API key quota of 5 per 600 seconds', () => {
  it('accepts exactly 5 of 16 requests sent at once, and answers the rest 429', async () => {
    const { key, id } = await insertApiKey({ quota: '5/600' })
    const client = quotaClient()
    const statuses = await burst(client, key)
    expect(statuses.filter((status) => status === 202)).toHaveLength(5)
    expect(statuses.filter((status) => status === 429)).toHaveLength(BURST - 5)
    expect(client.queue.sent).toHaveLength(5)
    const [window] = await db.select().from(apiKeyWindows).where(eq(apiKeyWindows.keyId, id))
    expect(window).toEqual({ keyId: id, windowEnd: Date.UTC(2026, 11, 1, 9, 10, 0), count: 5 })
  }, 30_000)

  it('accepts 5 in all over 8 bursts of 16 in one window, then 5 again in the next', async () => {
    const { key } = await insertApiKey({ quota: '5/600' })
    const client = quotaClient()
    let accepted = 0
    for (let round = 0; round < 8; round++) {
      client.clock.now = T0 + round * 10_000
      accepted += (await burst(client, key)).filter((status) => status === 202).length
    }
    expect(accepted).toBe(5)
    client.clock.now = T0 + 7 * MINUTE
    const next = await burst(client, key)
    expect(next.filter((status) => status === 202)).toHaveLength(5)
  }, 120_000)

  it('answers 429 with Retry-After until the window ends', async () => {
    const { key } = await insertApiKey({ quota: '1/600' })
    const client = quotaClient()
    const first = await postJson(client, PASSWORD_INITIALIZATIONS, unknownLoginId(), bearer(key))
    expect(first.status).toBe(202)
    const second = await postJson(client, PASSWORD_INITIALIZATIONS, unknownLoginId(), bearer(key))
    expect(second.status).toBe(429)
    expect(second.headers.get('Retry-After')).toBe(String(7 * 60))
  })

  it('is forgotten with its key', async () => {
    const { id } = await insertApiKey({ quota: '5/600' })
    await db.insert(apiKeyWindows).values({ keyId: id, windowEnd: T0, count: 1 })
    await resetToDemoAccountsWithoutKeys()
    expect(await db.select().from(apiKeyWindows)).toEqual([])
  })
})
