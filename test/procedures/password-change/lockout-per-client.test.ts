import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../../src/db/demo-accounts'
import { PASSWORD_CHANGE_LOCKOUT } from '../../../src/procedures/password-change/lockout'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../../support/api-keys'
import { testClient } from '../../support/client'
import { MINUTE, T0, TARO } from '../../support/fixtures'
import { postJson } from '../../support/json-api'
import { memoizedKdf } from '../../support/memoized-kdf'
import {
  changeOf,
  FORM,
  initializedPasswordFor,
  NEW_PASSWORD,
  WRONG_PASSWORD,
} from '../../support/password-change'
import { failureRows, wrongTriesOf } from '../../support/rows'

const VERIFY = '/api/v1/credential-verifications'
const VALID_CURRENT = '{"result":"valid","passwordKind":"current","mustChangePassword":false}'
const HOLDER_ADDRESS = '203.0.113.50'
const STRANGER_ADDRESSES = ['192.0.2.1', '192.0.2.2', '198.51.100.3', '2001:db8:4::1']
/** A day of rounds, one every 15 minutes: 1,920 verifications. */
const ROUNDS = 96

beforeEach(resetToDemoAccountsWithoutKeys)

/**
 * The member site's login: a key with `credentials:verify`, passing each end user's address. The
 * password checks run the real KDF at production cost, each distinct one once (memoizedKdf): the
 * stranger's 1,920 tries of one wrong password would otherwise cost minutes of CPU.
 */
async function memberSiteLogin() {
  const { key } = await insertApiKey({ scopes: 'credentials:verify', quota: '100000/600' })
  const { kdf } = memoizedKdf()
  const client = testClient({ deps: { kdf } })
  client.clock.now = T0
  const verify = async (password: string, clientAddress: string) => {
    const response = await postJson(
      client,
      VERIFY,
      { loginId: TARO.loginId, password, clientAddress },
      bearer(key),
    )
    expect(response.status).toBe(200)
    return response.text()
  }
  return { client, verify }
}

describe('a stranger who knows only a login ID (docs/passwords.md)', () => {
  it('can not keep the holder out with 4 addresses, 5 tries each every 15 minutes for a day', async () => {
    const { client, verify } = await memberSiteLogin()
    const answers = new Set<string>()
    for (let round = 0; round < ROUNDS; round++) {
      for (const address of STRANGER_ADDRESSES) {
        for (let i = 0; i < PASSWORD_CHANGE_LOCKOUT.maxFailures; i++) {
          client.clock.now = T0 + round * 15 * MINUTE + i * 1000
          answers.add((await verify(WRONG_PASSWORD, address)).replace(/\d+/, 'N'))
        }
      }
    }
    expect([...answers].sort()).toEqual([
      '{"result":"invalid"}',
      '{"result":"locked","retryAfterSeconds":N}',
    ])
    // Each address gave its five toward the 100 in a row, and no more: 20, far from a suspension.
    expect(await wrongTriesOf(TARO.loginId)).toEqual({ tries: 20, suspendedAt: null })

    client.clock.now = T0 + 24 * 60 * MINUTE
    expect(await verify(DEMO_PASSWORD, HOLDER_ADDRESS)).toBe(VALID_CURRENT)
    expect(await wrongTriesOf(TARO.loginId)).toEqual({ tries: 0, suspendedAt: null })
  }, 300_000)

  it('suspends the current password only with 20 distinct addresses', async () => {
    const { client, verify } = await memberSiteLogin()
    // One address, 10 wrong tries over 20 minutes: only its first five count.
    for (let i = 0; i < 10; i++) {
      client.clock.now = T0 + i * 2 * MINUTE
      await verify(WRONG_PASSWORD, '192.0.2.1')
    }
    expect(await wrongTriesOf(TARO.loginId)).toMatchObject({ tries: 5 })
    for (let n = 2; n <= 20; n++) {
      for (let i = 0; i < 5; i++) await verify(WRONG_PASSWORD, `192.0.2.${n}`)
    }
    expect(await wrongTriesOf(TARO.loginId)).toMatchObject({ tries: 100 })
    expect(await verify(DEMO_PASSWORD, HOLDER_ADDRESS)).toBe('{"result":"suspended"}')
  }, 120_000)

  it('lets a new password verify at once, even from the address a stranger locked', async () => {
    const { client, verify } = await memberSiteLogin()
    const shared = { 'CF-Connecting-IP': HOLDER_ADDRESS }
    for (let i = 0; i < PASSWORD_CHANGE_LOCKOUT.maxFailures; i++) {
      expect((await client.postForm(FORM, changeOf(WRONG_PASSWORD), shared)).status).toBe(422)
    }
    expect(await verify(DEMO_PASSWORD, HOLDER_ADDRESS)).toMatch(/"locked"/)
    expect(await failureRows()).toHaveLength(5)

    const initialized = await initializedPasswordFor(client)
    expect((await client.postForm(FORM, changeOf(initialized), shared)).status).toBe(303)
    expect(await failureRows()).toEqual([])
    expect(await verify(NEW_PASSWORD, HOLDER_ADDRESS)).toBe(VALID_CURRENT)
  }, 60_000)
})
