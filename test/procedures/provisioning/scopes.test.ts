import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { API_SCOPES } from '../../../src/api/api-keys'
import { bearer, insertApiKey } from '../../support/api-keys'
import { testClient } from '../../support/client'
import {
  expectProblem,
  PASSWORD_INITIALIZATIONS,
  postJson,
  TARO_JSON,
} from '../../support/json-api'
import {
  client,
  get,
  ICHIRO,
  put,
  reader,
  remove,
  resetWithKeys,
  useClient,
  writer,
} from '../../support/provisioning'
import { accountRow, apiKeyRows } from '../../support/rows'

beforeEach(resetWithKeys)

describe('API key scopes on the accounts routes', () => {
  it('answers 401 without a key or with an unknown one, and changes nothing', async () => {
    const none = await expectProblem(await put('100000001', ICHIRO, null), 401)
    expect(none.type).toBe('/api/v1/problems/api-key-required')
    await expectProblem(await get('123456789', null), 401)
    await expectProblem(await remove('123456789', null), 401)
    const unknown = await put('100000001', ICHIRO, 'pik_unknown')
    expect(unknown.headers.get('WWW-Authenticate')).toContain('invalid_token')
    await expectProblem(unknown, 401)
    expect(await accountRow('100000001')).toBeUndefined()
  })

  it('answers 403 to a key without the scope', async () => {
    const readOnly = await put('100000001', ICHIRO, reader)
    expect(readOnly.headers.get('WWW-Authenticate')).toContain('scope="accounts:write"')
    const problem = await expectProblem(readOnly, 403)
    expect(problem.type).toBe('/api/v1/problems/insufficient-scope')
    await expectProblem(await remove('123456789', reader), 403)
    const recovery = (await insertApiKey({ scopes: 'recovery' })).key
    await expectProblem(await get('123456789', recovery), 403)
    expect(await accountRow('100000001')).toBeUndefined()
    expect((await accountRow('123456789'))?.status).toBe('active')
  })

  it('charges the key its own quota, not the per-IP limit', async () => {
    useClient(testClient({ env: { RATE_LIMIT_PER_IP: '1/600' } }))
    const { key } = await insertApiKey({ scopes: 'accounts:read', quota: '3/600' })
    const statuses = []
    for (let n = 0; n < 4; n++) statuses.push((await get('123456789', key)).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    // The public per-IP limit of the same address is untouched.
    expect((await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)).status).toBe(202)
  })
})

describe('API key scopes on the recovery routes', () => {
  it('accept no key and a key with `recovery`, and refuse a key without it (403)', async () => {
    expect((await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)).status).toBe(202)
    const recovery = (await insertApiKey({ scopes: 'recovery,accounts:read' })).key
    expect(
      (await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(recovery))).status,
    ).toBe(202)
    const refused = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, bearer(writer))
    await expectProblem(refused, 403)
  })

  it('keys made before scopes existed have `recovery`', async () => {
    // Raw SQL on purpose: the row as a version without the `scopes` column wrote it, so the
    // column's default in the migration is what is under test.
    await env.DB.prepare(
      "INSERT INTO api_keys (id, name, key_hash, quota, created_at) VALUES ('key_old', 'old', 'h', '600/600', 0)",
    ).run()
    const old = (await apiKeyRows()).filter((row) => row.id === 'key_old')
    expect(old.map((row) => row.scopes)).toEqual(['recovery'])
  })

  it('the api-key command knows the same scopes as the service', async () => {
    const script = (await import('../../../scripts/api-key.ts?raw')).default
    const listed = /const SCOPES = (\[[^\]]*\])/.exec(script)?.[1]
    // As JSON: double quotes, and no trailing comma when the formatter wrapped the list.
    const json = (listed ?? '').replaceAll("'", '"').replace(/,\s*\]$/, ']')
    expect(JSON.parse(json)).toEqual([...API_SCOPES])
  })
})
