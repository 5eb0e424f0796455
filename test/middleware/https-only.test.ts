import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { readConfig } from '../../src/platform/config'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { CountingD1Database } from '../support/counting-d1'
import {
  PASSWORD_INITIALIZATIONS,
  PROBLEM_CONTENT_TYPE,
  postJson,
  TARO_JSON,
} from '../support/json-api'

beforeEach(resetToDemoAccountsWithoutKeys)

const PUBLIC_HTTP = 'http://accounts.example.com'

describe('the API over plain HTTP', () => {
  it('answers 403 with a problem document, without a redirect and without reading the key', async () => {
    const { key } = await insertApiKey({ scopes: 'accounts:read' })
    const counting = new CountingD1Database(env.DB)
    const client = testClient({ env: { DB: counting } })
    const response = await client.request(`${PUBLIC_HTTP}/api/v1/accounts/123456789`, {
      headers: bearer(key),
      redirect: 'manual',
    })
    expect(response.status).toBe(403)
    expect(response.headers.get('Location')).toBeNull()
    expect(response.headers.get('Content-Type')).toBe(PROBLEM_CONTENT_TYPE)
    const body = await response.json<{ type: string }>()
    expect(body.type).toBe('/api/v1/problems/https-required')
    // No API key lookup, nothing at all from D1.
    expect(counting.calls).toEqual([])
  })

  it('refuses a submission: nothing enqueued, nothing mailed', async () => {
    const client = testClient()
    const response = await postJson(client, `${PUBLIC_HTTP}${PASSWORD_INITIALIZATIONS}`, TARO_JSON)
    expect(response.status).toBe(403)
    expect(client.queue.sent).toEqual([])
    expect(client.mailer.sent).toEqual([])
  })

  it('answers in the language asked for', async () => {
    const response = await testClient().request(`${PUBLIC_HTTP}/api/v1/openapi.json`, {
      headers: { 'Accept-Language': 'ja' },
    })
    expect(response.status).toBe(403)
    expect(response.headers.get('Content-Language')).toBe('ja')
  })

  it('is served over HTTPS', async () => {
    const response = await postJson(
      testClient(),
      `https://accounts.example.com${PASSWORD_INITIALIZATIONS}`,
      TARO_JSON,
    )
    expect(response.status).toBe(202)
  })

  it.each(['http://localhost:8787', 'http://127.0.0.1:8787', 'http://[::1]:8787'])(
    'is served over plain HTTP on %s, where wrangler dev serves',
    async (origin) => {
      const response = await postJson(
        testClient(),
        `${origin}${PASSWORD_INITIALIZATIONS}`,
        TARO_JSON,
      )
      expect(response.status).toBe(202)
    },
  )

  it('leaves the pages alone: HSTS and the edge take them to HTTPS', async () => {
    const response = await testClient().request(`${PUBLIC_HTTP}/password/initialize`)
    expect(response.status).toBe(200)
  })
})

describe('the URLs in the settings', () => {
  const configWith = (vars: Partial<Env>) => () => readConfig({ ...env, ...vars })

  it.each([
    ['PUBLIC_BASE_URL', 'http://accounts.example.com'],
    ['WEBHOOK_URL', 'http://records.example/hooks'],
    ['WEBHOOK_URL', 'ftp://records.example/hooks'],
    ['PUBLIC_BASE_URL', 'accounts.example.com'],
    ['SIGN_IN_URL', 'http://members.example.com/login'],
    ['SIGN_IN_URL', 'javascript:alert(1)'],
    ['SIGN_IN_URL', '/login'],
  ] as const)('refuse %s = %s, naming the setting', (name, value) => {
    expect(configWith({ [name]: value })).toThrow(
      new RegExp(`^${name} must be an absolute https:// URL`),
    )
  })

  it.each([
    ['PUBLIC_BASE_URL', 'https://accounts.example.com'],
    ['PUBLIC_BASE_URL', 'http://localhost:8787'],
    ['WEBHOOK_URL', 'https://records.example/hooks'],
    ['WEBHOOK_URL', 'http://127.0.0.1:9000/hooks'],
    ['WEBHOOK_URL', ''],
    ['SIGN_IN_URL', 'https://members.example.com/login'],
    ['SIGN_IN_URL', 'http://localhost:3000/login'],
    ['SIGN_IN_URL', ''],
  ] as const)('accept %s = %s', (name, value) => {
    expect(configWith({ [name]: value })).not.toThrow()
  })
})
