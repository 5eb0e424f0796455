import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../src/db/demo-accounts'
import { PASSWORD_CHANGE_LOCKOUT } from '../src/procedures/password-change/lockout'
import { testClient } from './support/client'
import { resetToDemoAccounts, TARO } from './support/demo'
import { d1FailingOn } from './support/failing-bindings'
import { MINUTE } from './support/fixtures'

beforeEach(resetToDemoAccounts)

const FORM = '/password/change'
const T0 = Date.parse('2026-11-30T07:43:00Z')
const NEW_PASSWORD = 'violet harbour kettle 42'
const WRONG_PASSWORD = 'Wrong-Pa55word!'
const UNKNOWN_LOGIN_ID = '111111111'
/** The locked demo account. */
const KEN_LOGIN_ID = '444000222'

const changeOf = (loginId: string, password: string) => ({
  loginId,
  password,
  newPassword: NEW_PASSWORD,
  newPasswordConfirmation: NEW_PASSWORD,
})

describe('the queries of a password change (SPEC 5: the same for known and unknown login IDs)', () => {
  /** The SQL of every statement one wrong try prepares, with its login ID and values left out. */
  async function statementsOf(loginId: string, lockedFirst = false) {
    const db = d1FailingOn(env.DB, /^$/)
    const client = testClient({ env: { DB: db } })
    client.clock.now = T0
    if (lockedFirst) {
      for (let i = 0; i < PASSWORD_CHANGE_LOCKOUT.maxFailures; i++) {
        await client.postForm(FORM, changeOf(loginId, WRONG_PASSWORD))
      }
    }
    db.prepared.length = 0
    client.clock.now = T0 + MINUTE
    const response = await client.postForm(FORM, changeOf(loginId, WRONG_PASSWORD))
    return { status: response.status, statements: [...db.prepared] }
  }

  it('prepares the same statements for a known, an unknown and an inactive login ID', async () => {
    const known = await statementsOf(TARO.loginId)
    expect(known.status).toBe(422)
    expect(known.statements.length).toBeGreaterThanOrEqual(3)
    await resetToDemoAccounts()
    expect(await statementsOf(UNKNOWN_LOGIN_ID)).toEqual(known)
    await resetToDemoAccounts()
    expect(await statementsOf(KEN_LOGIN_ID)).toEqual(known)
  })

  it('prepares the same statements for a locked login ID, known or not', async () => {
    const known = await statementsOf(TARO.loginId, true)
    expect(known.status).toBe(429)
    await resetToDemoAccounts()
    expect(await statementsOf(UNKNOWN_LOGIN_ID, true)).toEqual(known)
  })

  it('checks the current password of a known account: the right one changes it', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, changeOf(TARO.loginId, DEMO_PASSWORD))
    expect(response.status).toBe(303)
  })
})
