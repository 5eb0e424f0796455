import { beforeEach, describe, expect, it } from 'vitest'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../../support/api-keys'
import { testClient } from '../../support/client'
import { failingD1 } from '../../support/failing-bindings'
import { TARO } from '../../support/fixtures'
import {
  LOGIN_ID_NOTIFICATIONS,
  PASSWORD_INITIALIZATIONS,
  postJson,
  expectProblem as problemOf,
  TARO_CONTACT_JSON,
  TARO_JSON,
} from '../../support/json-api'
import { initializedPasswordIn } from '../../support/recording-mailer'
import { expectNoneOf } from '../../support/rows'

type Client = ReturnType<typeof testClient>

const eventsOf = (loginId: string, query = '') => `/api/v1/accounts/${loginId}/events${query}`

let client: Client
let reader: string

beforeEach(async () => {
  await resetToDemoAccountsWithoutKeys()
  client = testClient()
  reader = (await insertApiKey({ name: 'help-desk', scopes: 'accounts:read' })).key
})

/** A problem document of this status and type. */
async function expectProblem(response: Response, status: number, slug: string) {
  const document = await problemOf(response, status)
  expect(document.type).toBe(`/api/v1/problems/${slug}`)
  return document
}

const get = (path: string, key: string | null = reader) =>
  client.request(path, { headers: key === null ? {} : bearer(key) })

interface Page {
  events: Array<Record<string, unknown>>
  nextCursor: string | null
}

/** Three requests naming Taro, a minute apart: issued, no match, then issued by an integration. */
async function threeRequestsForTaro() {
  expect((await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)).status).toBe(202)
  client.clock.now += 60_000
  const wrongName = { ...TARO_JSON, name: 'Jiro KOKU' }
  expect((await postJson(client, PASSWORD_INITIALIZATIONS, wrongName)).status).toBe(202)
  client.clock.now += 60_000
  const integration = await insertApiKey({ name: 'member-site' })
  // As Cloudflare sees the client: `request.cf.country`.
  const withKey = await client.request(PASSWORD_INITIALIZATIONS, {
    method: 'POST',
    body: JSON.stringify(TARO_JSON),
    headers: { 'Content-Type': 'application/json', ...bearer(integration.key) },
    cf: { country: 'JP' },
  })
  expect(withKey.status).toBe(202)
}

describe('GET /api/v1/accounts/{loginId}/events', () => {
  it('lists the requests naming the account, newest first, with the delivery of their e-mail', async () => {
    await threeRequestsForTaro()
    const response = await get(eventsOf(TARO.loginId))
    expect(response.status).toBe(200)
    const page: Page = await response.json()
    expect(page.nextCursor).toBeNull()
    expect(page.events.map((event) => [event.outcome, event.delivery, event.apiKey])).toEqual([
      // The cap (one per window) holds the third back.
      ['cooldown', null, 'member-site'],
      ['no_match', null, null],
      ['issued', 'sent', null],
    ])
    const [newest] = page.events
    expect(newest).toEqual({
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      procedure: 'password_initialization',
      outcome: 'cooldown',
      delivery: null,
      country: 'JP',
      requestId: expect.any(String),
      apiKey: 'member-site',
    })
  })

  it('never shows a submitted name, phone number, e-mail address or the password', async () => {
    await threeRequestsForTaro()
    const initialized = initializedPasswordIn(client.mailer.sent[0]) ?? 'no password found'
    const page: Page = await (await get(eventsOf(TARO.loginId))).json()
    expect(page.events).toHaveLength(3)
    for (const event of page.events) {
      expectNoneOf(event, ['Taro', 'Jiro', 'KOKU', '9012345678', 'taro.koku', initialized])
    }
  })

  it('pages with the cursor until the last page, which has none', async () => {
    await threeRequestsForTaro()
    const first: Page = await (await get(eventsOf(TARO.loginId, '?limit=2'))).json()
    expect(first.events.map((event) => event.outcome)).toEqual(['cooldown', 'no_match'])
    expect(first.nextCursor).toEqual(expect.any(String))
    const second: Page = await (
      await get(eventsOf(TARO.loginId, `?limit=2&cursor=${first.nextCursor}`))
    ).json()
    expect(second.events.map((event) => event.outcome)).toEqual(['issued'])
    expect(second.nextCursor).toBeNull()
  })

  it("shows only the account's own requests: a login ID notification names no login ID", async () => {
    await postJson(client, LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON)
    await postJson(client, PASSWORD_INITIALIZATIONS, { ...TARO_JSON, loginId: '987654321' })
    const page: Page = await (await get(eventsOf(TARO.loginId))).json()
    expect(page).toEqual({ events: [], nextCursor: null })
  })

  it('answers 404 for a login ID no account has', async () => {
    await expectProblem(await get(eventsOf('100000009')), 404, 'account-not-found')
  })

  it('answers 422 for a malformed login ID, limit or cursor, naming the field', async () => {
    await expectProblem(await get(eventsOf('12345')), 422, 'invalid-fields')
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?limit=ten', 'limit'],
      ['?cursor=-1', 'cursor'],
      ['?cursor=abc', 'cursor'],
    ] as const) {
      const response = await get(eventsOf(TARO.loginId, query))
      const body = await expectProblem(response, 422, 'invalid-fields')
      expect(
        body.errors.map((error: { field: string }) => error.field),
        query,
      ).toEqual([field])
    }
  })

  it('needs a key with accounts:read: none is 401, another scope 403', async () => {
    await expectProblem(await get(eventsOf(TARO.loginId), null), 401, 'api-key-required')
    const writer = (await insertApiKey({ scopes: 'accounts:write' })).key
    await expectProblem(await get(eventsOf(TARO.loginId), writer), 403, 'insufficient-scope')
  })
})

describe('the history when D1 fails', () => {
  it('answers 503 and names the procedure in the log line', async () => {
    client = testClient({ env: { AUDIT_DB: failingD1() } })
    await expectProblem(await get(eventsOf(TARO.loginId)), 503, 'service-unavailable')
    expect(client.logs.events('account_history_failed').map((line) => line.error)).toEqual([
      'BindingUnavailableError',
    ])
    expect(client.logs.events('provisioning_failed')).toEqual([])
  })
})
