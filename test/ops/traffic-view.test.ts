// The traffic view (docs/operations.md#traffic-view): /ops and /ops/summary.json behind
// Cloudflare Access, 404 without it (open only under `npm start`), counts from indexed queries.
import { env } from 'cloudflare:workers'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { auditEvents, refusedSubmissions } from '../../src/db/schema/audit-tables'
import { clearAccessKeys } from '../../src/ops/access'
import { busiestQuery, refusalsQuery, submissionsQuery } from '../../src/ops/summary'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { DAY, HOUR, MINUTE, T0, TARO } from '../support/fixtures'
import { auditDb } from '../support/rows'

const TEAM = 'example-team.cloudflareaccess.com'
const AUD = 'test-audience-tag'
const ACCESS = { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD } as Partial<Env>

const signing = await generateKeyPair('RS256', { extractable: true })
const stranger = await generateKeyPair('RS256', { extractable: true })
const publicJwk: JWK = { ...(await exportJWK(signing.publicKey)), kid: 'k1', alg: 'RS256' }

/** The team's key endpoint, served by the injected fetch; counts its calls. */
function accessKeys() {
  const calls: string[] = []
  const fetch = async (input: string) => {
    calls.push(input)
    return Response.json({ keys: [publicJwk] })
  }
  return { calls, fetch }
}

const token = (
  claims: { aud?: string; iss?: string; exp?: number } = {},
  key: CryptoKey = signing.privateKey,
  kid = 'k1',
) =>
  new SignJWT({ email: 'operator@example.com' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(claims.iss ?? `https://${TEAM}`)
    .setAudience(claims.aud ?? AUD)
    .setIssuedAt(Math.floor(T0 / 1000) - 60)
    .setExpirationTime(claims.exp ?? Math.floor(T0 / 1000) + 3600)
    .sign(key)

const auditRow = (occurredAt: number, outcome: string, clientHash: string | null, i: number) => ({
  occurredAt,
  procedure: 'password_initialization',
  outcome,
  loginId: null,
  clientHash,
  country: 'JP',
  requestId: `ops-${occurredAt}-${i}`,
  apiKeyId: null,
})

beforeEach(() => clearAccessKeys())

describe('Who can see the traffic view', () => {
  it('does not exist without Access configured (404), the JSON neither', async () => {
    const client = testClient()
    expect((await client.request('/ops')).status).toBe(404)
    expect((await client.request('/ops/summary.json')).status).toBe(404)
  })

  it('is open under npm start (OPS_OPEN_LOCALLY=true) on a local host only', async () => {
    const client = testClient({ env: { OPS_OPEN_LOCALLY: 'true' } as Partial<Env> })
    expect((await client.request('/ops/summary.json')).status).toBe(200)
    expect((await client.request('https://accounts.example.com/ops/summary.json')).status).toBe(404)
  })

  it('with Access configured, answers only a valid assertion: signature, audience, expiry', async () => {
    const keys = accessKeys()
    const client = testClient({ env: ACCESS, deps: { accessFetch: keys.fetch, now: () => T0 } })
    client.clock.now = T0
    const ops = (assertion?: string) =>
      client.request('/ops/summary.json', {
        headers: assertion === undefined ? {} : { 'Cf-Access-Jwt-Assertion': assertion },
      })
    expect((await ops()).status).toBe(403)
    expect((await ops('not-a-jwt')).status).toBe(403)
    expect((await ops(await token({ aud: 'another-app' }))).status).toBe(403)
    expect((await ops(await token({ iss: 'https://other.cloudflareaccess.com' }))).status).toBe(403)
    expect((await ops(await token({ exp: Math.floor(T0 / 1000) - 1 }))).status).toBe(403)
    expect((await ops(await token({}, stranger.privateKey))).status).toBe(403)
    // A key ID the cached keys lack (a rotation) fetches them once more; still not one of them.
    expect((await ops(await token({}, stranger.privateKey, 'k2'))).status).toBe(403)
    // Even OPS_OPEN_LOCALLY does not open it when Access is configured.
    const alsoLocal = testClient({
      env: { ...ACCESS, OPS_OPEN_LOCALLY: 'true' } as Partial<Env>,
      deps: { accessFetch: keys.fetch, now: () => T0 },
    })
    expect((await alsoLocal.request('/ops')).status).toBe(403)

    const valid = await ops(await token())
    expect(valid.status).toBe(200)
    expect(valid.headers.get('Cache-Control')).toBe('no-store')
    const page = await client.request('/ops', {
      headers: { 'Cf-Access-Jwt-Assertion': await token() },
    })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<svg')
    // The keys were fetched from the team's endpoint, and kept: the later requests reused them.
    expect(new Set(keys.calls)).toEqual(new Set([`https://${TEAM}/cdn-cgi/access/certs`]))
    expect(keys.calls.length).toBe(2) // once, and once more for the stranger's unknown key
  })

  it('refuses every assertion when the key endpoint fails (nothing to verify against)', async () => {
    const client = testClient({
      env: ACCESS,
      deps: { accessFetch: async () => new Response('down', { status: 502 }), now: () => T0 },
    })
    const answer = await client.request('/ops/summary.json', {
      headers: { 'Cf-Access-Jwt-Assertion': await token() },
    })
    expect(answer.status).toBe(403)
  })
})

describe('What the traffic view counts', () => {
  it('submissions per hour by procedure and outcome, refusals, and the busiest clients', async () => {
    const now = T0
    const hour = Math.floor(now / HOUR) * HOUR
    await auditDb.insert(auditEvents).values([
      auditRow(hour + MINUTE, 'issued', 'client-a', 1),
      auditRow(hour + 2 * MINUTE, 'issued', 'client-a', 2),
      auditRow(hour + 3 * MINUTE, 'no_match', 'client-a', 3),
      // No client hash: counted, but nobody's share.
      auditRow(hour + 4 * MINUTE, 'issued', null, 6),
      auditRow(hour - HOUR + MINUTE, 'cooldown', 'client-b', 4),
      // Older than 7 days: not counted.
      auditRow(hour - 8 * DAY, 'issued', 'client-c', 5),
    ])
    await auditDb.insert(refusedSubmissions).values({
      clientHash: 'client-d',
      procedure: 'password_initialization',
      outcome: 'rate_limited',
      windowStart: hour,
      count: 7,
      country: 'JP',
      firstAt: hour,
      lastAt: hour + MINUTE,
      firstRequestId: 'ops-refused-1',
    })
    const client = testClient({
      env: { OPS_OPEN_LOCALLY: 'true' } as Partial<Env>,
      deps: { now: () => now },
    })
    const summary = await (await client.request('/ops/summary.json')).json()
    const at = (ms: number) => new Date(ms).toISOString()
    expect(summary).toEqual({
      from: at(hour + HOUR - 7 * DAY),
      to: at(hour + HOUR),
      submissions: [
        {
          hour: at(hour - HOUR),
          procedure: 'password_initialization',
          outcome: 'cooldown',
          count: 1,
        },
        { hour: at(hour), procedure: 'password_initialization', outcome: 'issued', count: 3 },
        { hour: at(hour), procedure: 'password_initialization', outcome: 'no_match', count: 1 },
      ],
      refusals: [
        { hour: at(hour), procedure: 'password_initialization', outcome: 'rate_limited', count: 7 },
      ],
      totalSubmissions: 5,
      busiestClientShares: [0.6, 0.2],
    })
    const page = await (await client.request('/ops')).text()
    expect(page).toContain('5 submissions')
    expect(page).toContain('60.0%, 20.0%')
    expect(page).not.toContain('client-a')
  })

  it('reads ranges of indexes: the covering index for audit_events, last_at for refusals', async () => {
    const plan = async (query: { toSQL: () => { sql: string; params: unknown[] } }) => {
      const { sql, params } = query.toSQL()
      const { results } = await env.AUDIT_DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>()
      return results.map((row) => row.detail).join('\n')
    }
    const since = T0 - 7 * DAY
    const submissions = await plan(submissionsQuery(auditDb, since))
    expect(submissions).toContain('USING COVERING INDEX audit_events_traffic_idx (occurred_at>?)')
    expect(await plan(busiestQuery(auditDb, since))).toContain(
      'USING COVERING INDEX audit_events_traffic_idx (occurred_at>?)',
    )
    expect(await plan(refusalsQuery(auditDb, since))).toContain('refused_submissions_last_at_idx')
  })
})

describe('The same counts as Analytics Engine data points', () => {
  beforeEach(resetToDemoAccounts)

  it('one per audited outcome and per refusal: procedure, outcome, country; no login ID', async () => {
    const points: AnalyticsEngineDataPoint[] = []
    const traffic = {
      writeDataPoint: (point?: AnalyticsEngineDataPoint) => point && points.push(point),
    }
    const client = testClient({ env: { TRAFFIC: traffic } })
    await client.postForm('/password/initialize', TARO, { 'CF-Connecting-IP': '203.0.113.61' })
    await client.postForm(
      '/password/initialize',
      { ...TARO, name: 'Jiro KOKU' },
      {
        'CF-Connecting-IP': '203.0.113.62',
      },
    )
    await client.postForm(
      '/password/initialize',
      { ...TARO, loginId: 'abc' },
      {
        'CF-Connecting-IP': '203.0.113.63',
      },
    )
    expect(points.map((point) => point.blobs?.slice(0, 2))).toEqual([
      ['password_initialization', 'issued'],
      ['password_initialization', 'no_match'],
      ['password_initialization', 'invalid'],
    ])
    for (const point of points) {
      expect(point.indexes).toEqual(['password_initialization'])
      expect(point.doubles).toEqual([1])
      expect(point.blobs).toHaveLength(3)
      expect(JSON.stringify(point)).not.toContain(TARO.loginId)
      expect(JSON.stringify(point)).not.toContain('203.0.113')
    }
  })

  it('a throwing binding changes nothing for the person', async () => {
    const traffic = {
      writeDataPoint: () => {
        throw new Error('analytics down')
      },
    }
    const client = testClient({ env: { TRAFFIC: traffic } })
    const answer = await client.postForm('/password/initialize', TARO)
    expect(answer.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })
})
