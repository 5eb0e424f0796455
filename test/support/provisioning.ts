import { expect } from 'vitest'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from './api-keys'
import { testClient } from './client'
import { PASSWORD_INITIALIZATIONS, postJson, TARO_JSON } from './json-api'
import { initializedPasswordRows } from './rows'

// What the tests of /api/v1/accounts share: a client with a writer's and a reader's key, and the routes.

export type Client = ReturnType<typeof testClient>

export const ACCOUNTS = '/api/v1/accounts'

/** Demo Taro as the system of record registers him (docs/contract.md#accounts). */
export const TARO_ACCOUNT = {
  kind: 'individual',
  status: 'active',
  locale: 'ja',
  contact: {
    givenName: 'Taro',
    familyName: 'Koku',
    phone: '+819012345678',
    email: 'taro.koku@example.com',
  },
}

/** An account as the system of record sends it: the phone as dialled in Japan. */
export const ICHIRO = {
  kind: 'individual',
  locale: 'en',
  contact: {
    givenName: 'Ichiro',
    familyName: 'Suzuki',
    phone: { country: 'JP', number: '090-2222-3333' },
    email: 'ichiro.suzuki@example.com',
  },
}

export let client: Client
export let writer: string
export let reader: string

/** Makes the routes' helpers post with another client (other bindings or settings). */
export function useClient(other: Client) {
  client = other
}

/** Before each test: the demo accounts without API keys, a fresh client, a writer's and a reader's key. */
export async function resetWithKeys() {
  await resetToDemoAccountsWithoutKeys()
  client = testClient()
  writer = (await insertApiKey({ scopes: 'accounts:read,accounts:write' })).key
  reader = (await insertApiKey({ scopes: 'accounts:read' })).key
}

export const put = (loginId: string, body: unknown, key: string | null = writer, headers = {}) =>
  client.request(`${ACCOUNTS}/${loginId}`, {
    method: 'PUT',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      'Content-Type': 'application/json',
      ...(key === null ? {} : bearer(key)),
      ...headers,
    },
  })

export const get = (loginId: string, key: string | null = reader) =>
  client.request(`${ACCOUNTS}/${loginId}`, { headers: key === null ? {} : bearer(key) })

export const remove = (loginId: string, key: string | null = writer) =>
  client.request(`${ACCOUNTS}/${loginId}`, {
    method: 'DELETE',
    headers: key === null ? {} : bearer(key),
  })

/** Issues an initialized password for demo Taro through the API, as a person would. */
export async function issueForTaro(): Promise<void> {
  const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
  expect(response.status).toBe(202)
  expect(await pendingFor('123456789')).toHaveLength(1)
}

export const pendingFor = async (loginId: string) =>
  (await initializedPasswordRows()).filter(
    (row) => row.loginId === loginId && row.usedAt === null && row.revokedAt === null,
  )
