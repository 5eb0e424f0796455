import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import apiKeyScript from '../../scripts/api-key.ts?raw'
import { sha256Hex } from '../../src/credentials/hash'
import {
  bearer,
  insertApiKey,
  resetToDemoAccountsWithoutKeys,
  revokeApiKey,
} from '../support/api-keys'
import { testClient } from '../support/client'
import { from, MINUTE } from '../support/fixtures'
import {
  ACCEPTED_BODY,
  expectProblem,
  LOGIN_ID_NOTIFICATIONS,
  PASSWORD_INITIALIZATIONS,
  postJson,
  rateLimitCounters,
  TARO_CONTACT_JSON,
  TARO_JSON,
} from '../support/json-api'
import { apiKeyRows, auditRows, initializedPasswordRows } from '../support/rows'

beforeEach(resetToDemoAccountsWithoutKeys)
afterEach(() => {
  vi.restoreAllMocks()
})

type Client = ReturnType<typeof testClient>

/** 09:03 UTC: three minutes into a 10-minute and into an hour window (windows are fixed). */
const T0 = Date.UTC(2026, 11, 1, 9, 3, 0)
const IP = '203.0.113.7'
const OTHER_IP = '203.0.113.8'

/** A valid password initialization for an unknown login ID: accepted, sends nothing. */
const unknownLoginId = (n: number) => ({ ...TARO_JSON, loginId: String(100_000_000 + n) })

/** A client with the contract's kind of limits, small enough to reach; the per-login-ID one out of the way. */
function limitedClient(limits: { perIp?: string; perLoginId?: string } = {}): Client {
  const client = testClient({
    env: {
      RATE_LIMIT_PER_IP: limits.perIp ?? '1/600',
      RATE_LIMIT_PER_LOGIN_ID: limits.perLoginId ?? '1000/3600',
    },
  })
  client.clock.now = T0
  return client
}

let sequence = 0
/** Posts a fresh valid request (a new unknown login ID each time) and returns the status. */
async function submit(client: Client, headers: Record<string, string>): Promise<number> {
  sequence++
  const response = await postJson(
    client,
    PASSWORD_INITIALIZATIONS,
    unknownLoginId(sequence),
    headers,
  )
  await response.text()
  return response.status
}

describe('a valid API key', () => {
  it('gets its own quota instead of the per-IP limit', async () => {
    const { key } = await insertApiKey({ quota: '3/600' })
    const client = limitedClient({ perIp: '1/600' })
    const keyed = { ...from(IP), ...bearer(key) }

    const statuses = []
    for (let n = 0; n < 3; n++) statuses.push(await submit(client, keyed))
    expect(statuses).toEqual([202, 202, 202])

    sequence++
    const fourth = await postJson(client, PASSWORD_INITIALIZATIONS, unknownLoginId(sequence), keyed)
    // The 10-minute window started at 09:00; it ends 7 minutes after T0.
    expect(fourth.headers.get('Retry-After')).toBe(String(7 * 60))
    await expectProblem(fourth, 429)
  })

  it('leaves the per-IP limit of unkeyed clients at the same address untouched, and vice versa', async () => {
    const { key } = await insertApiKey({ quota: '3/600' })
    const client = limitedClient({ perIp: '1/600' })
    const keyed = { ...from(IP), ...bearer(key) }

    expect(await submit(client, from(IP))).toBe(202)
    expect(await submit(client, from(IP))).toBe(429)
    // The exhausted IP limit does not touch the key's quota...
    for (let n = 0; n < 3; n++) expect(await submit(client, keyed)).toBe(202)
    expect(await submit(client, keyed)).toBe(429)
    // ...and another address's unkeyed client has its own limit.
    expect(await submit(client, from(OTHER_IP))).toBe(202)
  })

  it('is one quota wherever its requests come from', async () => {
    const { key } = await insertApiKey({ quota: '2/600' })
    const client = limitedClient({ perIp: '1000/600' })
    expect(await submit(client, { ...from(IP), ...bearer(key) })).toBe(202)
    expect(await submit(client, { ...from(OTHER_IP), ...bearer(key) })).toBe(202)
    expect(await submit(client, { ...from('198.51.100.1'), ...bearer(key) })).toBe(429)
  })

  it('counts both procedures against one quota', async () => {
    const { key } = await insertApiKey({ quota: '2/600' })
    const client = limitedClient()
    const keyed = { ...from(IP), ...bearer(key) }
    expect(await submit(client, keyed)).toBe(202)
    const notification = await postJson(client, LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON, keyed)
    expect(notification.status).toBe(202)
    expect(await submit(client, keyed)).toBe(429)
    const again = await postJson(client, LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON, keyed)
    await expectProblem(again, 429)
  })

  it('has a quota separate from every other key', async () => {
    const first = await insertApiKey({ name: 'first', quota: '1/600' })
    const second = await insertApiKey({ name: 'second', quota: '2/600' })
    const client = limitedClient()
    expect(await submit(client, { ...from(IP), ...bearer(first.key) })).toBe(202)
    expect(await submit(client, { ...from(IP), ...bearer(first.key) })).toBe(429)
    expect(await submit(client, { ...from(IP), ...bearer(second.key) })).toBe(202)
    expect(await submit(client, { ...from(IP), ...bearer(second.key) })).toBe(202)
    expect(await submit(client, { ...from(IP), ...bearer(second.key) })).toBe(429)
  })

  it('gets its quota back when the window ends', async () => {
    const { key } = await insertApiKey({ quota: '1/600' })
    const client = limitedClient()
    expect(await submit(client, bearer(key))).toBe(202)
    expect(await submit(client, bearer(key))).toBe(429)
    client.clock.now = T0 + 7 * MINUTE
    expect(await submit(client, bearer(key))).toBe(202)
  })

  it('is accepted with the scheme in any case', async () => {
    const { key } = await insertApiKey({ quota: '1/600' })
    const client = limitedClient()
    expect(await submit(client, { Authorization: `bearer ${key}` })).toBe(202)
    // Its quota, not the public path: the second is over the key's quota of one.
    expect(await submit(client, { Authorization: `BEARER ${key}` })).toBe(429)
  })

  it('is still subject to the per-login-ID limit', async () => {
    const { key } = await insertApiKey({ quota: '100/600' })
    const client = limitedClient({ perLoginId: '2/3600' })
    const keyed = { ...from(IP), ...bearer(key) }
    const body = unknownLoginId(0)
    for (let n = 0; n < 2; n++) {
      expect((await postJson(client, PASSWORD_INITIALIZATIONS, body, keyed)).status).toBe(202)
    }
    const third = await postJson(client, PASSWORD_INITIALIZATIONS, body, keyed)
    // The hour window started at 09:00; it ends 57 minutes after T0.
    expect(third.headers.get('Retry-After')).toBe(String(57 * 60))
    await expectProblem(third, 429)
    // Another login ID is not limited.
    expect(await submit(client, keyed)).toBe(202)
  })

  it('is still subject to the per-account cap: two matches within 5 minutes send one e-mail', async () => {
    const { key } = await insertApiKey({ quota: '100/600' })
    const client = limitedClient()
    const first = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(key))
    client.clock.now = T0 + 4 * MINUTE
    const second = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(key))
    expect([first.status, second.status]).toEqual([202, 202])
    expect([await first.text(), await second.text()]).toEqual([ACCEPTED_BODY, ACCEPTED_BODY])
    expect(client.mailer.sent).toHaveLength(1)
    expect(await initializedPasswordRows()).toHaveLength(1)
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['issued', 'cooldown'])

    client.clock.now = T0 + 6 * MINUTE
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(key))
    expect(client.mailer.sent).toHaveLength(2)
  })

  it('still gets 422 for invalid fields and 400 for malformed JSON', async () => {
    const { key } = await insertApiKey()
    const client = limitedClient()
    const invalid = await postJson(
      client,
      PASSWORD_INITIALIZATIONS,
      { ...TARO_JSON, email: ['a@x', 'b@y'] },
      bearer(key),
    )
    await expectProblem(invalid, 422)
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, '{x', bearer(key)), 400)
    expect(client.mailer.sent).toEqual([])
  })
})

describe('a wrong or revoked key', () => {
  const WRONG_KEYS: Array<[string, () => Promise<Record<string, string>>]> = [
    ['an unknown key', async () => bearer(`pik_${'A'.repeat(43)}`)],
    ['a revoked key', async () => bearer((await insertApiKey({ revokedAt: T0 - MINUTE })).key)],
    ['an expired key', async () => bearer((await insertApiKey({ expiresAt: T0 })).key)],
    ['a valid key in another case', async () => bearer((await insertApiKey()).key.toUpperCase())],
    ['a valid key with a character more', async () => bearer(`${(await insertApiKey()).key}x`)],
    ['the stored hash instead of the key', async () => bearer((await insertApiKey()).keyHash)],
    ['Basic credentials', async () => ({ Authorization: 'Basic xyz' })],
    ['a key without a scheme', async () => ({ Authorization: (await insertApiKey()).key })],
  ]

  it.each(WRONG_KEYS)(
    'answers %s with 401 and WWW-Authenticate: Bearer on both routes',
    async (_case, headers) => {
      const client = limitedClient()
      const sent = await headers()
      for (const [path, body] of [
        [PASSWORD_INITIALIZATIONS, TARO_JSON],
        [LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON],
      ] as const) {
        const response = await postJson(client, path, body, { ...from(IP), ...sent })
        expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer\b/)
        await expectProblem(response, 401)
      }
      expect(client.mailer.sent).toEqual([])
      expect(await initializedPasswordRows()).toEqual([])
    },
  )

  it('consumes no rate-limit counter, so the public path stays open', async () => {
    const revoked = await insertApiKey({ revokedAt: T0 })
    const client = limitedClient({ perIp: '1/600', perLoginId: '1/3600' })
    for (const key of ['pik_wrong', revoked.key]) {
      for (let n = 0; n < 3; n++) {
        const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, {
          ...from(IP),
          ...bearer(key),
        })
        await expectProblem(response, 401)
      }
    }
    expect(await rateLimitCounters()).toEqual([])

    // No key: the public path, limited per IP.
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, from(IP))
    expect(response.status).toBe(202)
    expect(client.mailer.sent).toHaveLength(1)
    expect(await submit(client, from(IP))).toBe(429)
  })

  it('takes effect at once when a key that worked is revoked', async () => {
    const { id, key } = await insertApiKey()
    const client = limitedClient()
    expect(await submit(client, bearer(key))).toBe(202)
    await revokeApiKey(id, T0)
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(key))
    await expectProblem(response, 401)
    expect(client.mailer.sent).toEqual([])
  })
})

describe('a key with an expiry', () => {
  it('works until its expiry, then answers 401 and is logged as expired', async () => {
    const { key } = await insertApiKey({ expiresAt: T0 + MINUTE })
    const client = limitedClient()
    expect(await submit(client, bearer(key))).toBe(202)
    client.clock.now = T0 + MINUTE
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(key))
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer\b/)
    await expectProblem(response, 401)
    expect(client.logs.events('api_key_rejected').map((line) => line.reason)).toEqual(['expired'])
    expect(client.mailer.sent).toEqual([])
  })

  it('is refused on the routes only integrations use too', async () => {
    const { key } = await insertApiKey({ scopes: 'accounts:read', expiresAt: T0 - 1 })
    const response = await limitedClient().request('/api/v1/accounts/123456789', {
      headers: bearer(key),
    })
    await expectProblem(response, 401)
  })
})

describe('stored API keys', () => {
  it('keep only a SHA-256 of the key, next to its name, quota, scopes and times', async () => {
    const { key, id } = await insertApiKey({ name: 'partner-portal', quota: '3/600' })
    // The table as SQLite stores it, not as the schema says: no column can hold the key.
    const { results: columns } = await env.DB.prepare('PRAGMA table_info(api_keys)').all<{
      name: string
    }>()
    expect(columns.map((column) => column.name).sort()).toEqual(
      [
        'created_at',
        'expires_at',
        'id',
        'key_hash',
        'name',
        'quota',
        'revoked_at',
        'scopes',
      ].sort(),
    )

    const [row] = await apiKeyRows()
    expect(row).toMatchObject({ id, name: 'partner-portal', quota: '3/600', revokedAt: null })
    expect(row?.keyHash).toMatch(/^[0-9a-f]{64}$/)
    expect(row?.keyHash).toBe(await sha256Hex(key))
    for (const [column, value] of Object.entries(row ?? {})) {
      expect(String(value), column).not.toContain(key)
      expect(key, column).not.toContain(String(value))
    }
  })

  it('are created by the api-key command from at least 128 random bits, stored as SHA-256 only', () => {
    const bytes = Number(/randomBytes\((\d+)\)\.toString\('base64url'\)/.exec(apiKeyScript)?.[1])
    expect(bytes * 8).toBeGreaterThanOrEqual(128)
    expect(apiKeyScript).toMatch(/createHash\('sha256'\)\.update\(key\)\.digest\('hex'\)/)
    const insert = /INSERT INTO api_keys \(([^)]*)\) VALUES \(([^`]*)\)`/.exec(apiKeyScript)
    expect(insert?.[1]?.split(/,\s*/)).toEqual([
      'id',
      'name',
      'key_hash',
      'quota',
      'scopes',
      'created_at',
      'expires_at',
    ])
    expect(insert?.[2]).toContain('sqlString(keyHash)')
    expect(insert?.[2]).not.toMatch(/sqlString\(key\)/)
  })

  it('are named in the audit rows of what they submitted (ASVS 16.3.2)', async () => {
    const { id, key } = await insertApiKey()
    const client = limitedClient()
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(key))
    await postJson(client, PASSWORD_INITIALIZATIONS, { ...TARO_JSON, name: 'Jiro KOKU' })
    expect((await auditRows()).map((row) => [row.outcome, row.apiKeyId])).toEqual([
      ['issued', id],
      ['no_match', null],
    ])
  })

  it('are logged when refused, by reason and never by the key (ASVS 16.3.1)', async () => {
    const { key } = await insertApiKey({ scopes: 'accounts:read' })
    const client = limitedClient()
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(`${key}x`))
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, { Authorization: 'Basic abc' })
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(key))
    const rejected = client.logs.events('api_key_rejected').map((line) => line.reason)
    expect(rejected).toEqual(['unknown_or_revoked', 'malformed', 'insufficient_scope'])
    for (const line of client.logs.lines) expect(line).not.toContain(key)
  })

  it('never reach the logs or the audit trail', async () => {
    const { key } = await insertApiKey()
    const client = limitedClient()
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(key))
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(`${key}x`))
    await postJson(client, PASSWORD_INITIALIZATIONS, { ...TARO_JSON, extra: 1 }, bearer(key))
    expect(client.logs.lines.length).toBeGreaterThan(0)
    for (const line of client.logs.lines) expect(line).not.toContain(key)
    // One audit row: the accepted post (the refused ones are counted, not audited).
    const rows = await auditRows()
    expect(rows.map((row) => row.outcome)).toEqual(['issued'])
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(key)
  })
})
