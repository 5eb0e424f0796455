import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { sha256Hex } from '../../src/credentials/hash'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { failingKv, kvFailingOn } from '../support/failing-bindings'
import { from, MINUTE, TARO, TARO_CONTACT } from '../support/fixtures'
import { WINDOW_T0 as T0 } from '../support/json-api'
import { auditRows, refusedRows } from '../support/rows'
import {
  INITIALIZE,
  IP,
  IP_WINDOW_END,
  NOTIFY,
  PER_IP_ONLY,
  tenSubmissionsFrom,
} from '../support/submission-limits'

beforeEach(resetToDemoAccounts)

describe('what the limits keep: hashed keys, nothing personal', () => {
  it('keys the KV counters by keyed hashes, never by the raw IP or login ID', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(303)
    expect((await client.postForm(NOTIFY, TARO_CONTACT, from('2001:db8:1:2::1'))).status).toBe(303)

    // One entry per client, holding all of its counters (its own, and per login ID it named).
    const { keys } = await env.RATE_LIMITS.list()
    const names = keys.map((key) => key.name)
    expect(names).toHaveLength(2)
    const values = await Promise.all(names.map((name) => env.RATE_LIMITS.get(name)))
    const counterNames = values.flatMap((value) => Object.keys(JSON.parse(value ?? '{}')))
    expect(counterNames).toHaveLength(3)
    const plainHashes = await Promise.all(
      [IP, '2001:db8:1:2::/64', TARO.loginId].map((value) => sha256Hex(value)),
    )
    for (const text of [...names, ...values.map(String)]) {
      for (const raw of [IP, '203.0.113', TARO.loginId, '2001:db8', '2001:0db8']) {
        expect(text).not.toContain(raw)
      }
      for (const plain of plainHashes) expect(text).not.toContain(plain)
    }
    for (const name of [...names, ...counterNames]) expect(name).toMatch(/[0-9a-f]{64}/)
  })

  it('counts what is not a counter entry under a client key as nothing, and writes over it', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(303)
    const [key] = (await env.RATE_LIMITS.list()).keys.map(({ name }) => name)
    if (key === undefined) throw new Error('no counter entry')
    // An entry of an earlier layout (a bare count), broken JSON, and counters of the wrong shape.
    for (const leftover of ['10', '{"ip:x":', '{"a":"10","b":[10],"c":[1,2,3]}']) {
      await env.RATE_LIMITS.put(key, leftover)
      expect((await client.postForm(INITIALIZE, TARO, from(IP))).status, leftover).toBe(303)
      const written: Record<string, [number, number]> = JSON.parse(
        (await env.RATE_LIMITS.get(key)) ?? '{}',
      )
      expect(Object.values(written).map(([count]) => count)).toEqual([1, 1])
    }
  })

  it('counts refused submissions per client and window, with a hashed client and no personal data', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    await tenSubmissionsFrom(client, IP)
    for (let n = 0; n < 20; n++) {
      expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(429)
    }
    expect((await client.postForm(NOTIFY, TARO_CONTACT, from(IP))).status).toBe(429)

    // The accepted submissions each have their event; the refused ones are two counters.
    const rows = await auditRows()
    expect(rows).toHaveLength(10)
    expect(rows.every((row) => row.outcome !== 'rate_limited')).toBe(true)
    const refused = await refusedRows()
    const windowStart = IP_WINDOW_END - 10 * MINUTE
    expect(refused).toMatchObject([
      {
        procedure: 'password_initialization',
        outcome: 'rate_limited',
        count: 20,
        windowStart: windowStart,
        firstAt: T0,
        lastAt: T0,
      },
      {
        procedure: 'login_id_notification',
        outcome: 'rate_limited',
        count: 1,
        windowStart: windowStart,
      },
    ])
    for (const row of refused) {
      expect(row.clientHash).toMatch(/^[0-9a-f]{64}$/)
      expect(row.clientHash).not.toBe(await sha256Hex(IP))
      // The same client is the same hash, so the trail can tell one client's attempts apart.
      expect(row.clientHash).toBe(rows[0]?.clientHash)
      const cells = JSON.stringify(row).toLowerCase()
      for (const personal of [IP, 'taro', 'koku', '9012345678', '@']) {
        expect(cells).not.toContain(personal)
      }
    }
  })
})

describe('when KV fails: served anyway (fail open) and logged', () => {
  it('still serves a submission and logs the failure when KV is down', async () => {
    const client = testClient({ env: { ...PER_IP_ONLY, RATE_LIMITS: failingKv() } })
    const response = await client.postForm(INITIALIZE, TARO, from(IP))
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=ja')
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])

    expect(client.logs.parsed).toContainEqual(
      expect.objectContaining({ level: 'error', event: 'rate_limit_store_failed' }),
    )
    const logged = client.logs.lines.join('\n')
    for (const personal of [IP, TARO.email, TARO.phoneNumber]) {
      expect(logged).not.toContain(personal)
    }
  })

  it('enforces no limit while KV is down', async () => {
    const client = testClient({ env: { ...PER_IP_ONLY, RATE_LIMITS: failingKv() } })
    client.clock.now = T0
    await tenSubmissionsFrom(client, IP)
    expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('still serves a submission and logs the failure when only KV writes fail', async () => {
    const client = testClient({
      env: { ...PER_IP_ONLY, RATE_LIMITS: kvFailingOn(env.RATE_LIMITS, ['put']) },
    })
    const response = await client.postForm(NOTIFY, TARO_CONTACT, from(IP))
    expect(response.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
    expect(client.logs.parsed).toContainEqual(
      expect.objectContaining({
        level: 'error',
        event: 'rate_limit_store_failed',
        operation: 'put',
      }),
    )
  })
})
