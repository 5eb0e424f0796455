import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { mailMessages } from '../../../src/i18n/mail'
import { PASSWORD_CHANGE_LOCKOUT } from '../../../src/procedures/password-change/lockout'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { d1FailingOn } from '../../support/failing-bindings'
import { KEN, MINUTE, T0, TARO } from '../../support/fixtures'
import { FORM, NEW_PASSWORD, UNKNOWN_LOGIN_ID, WRONG_PASSWORD } from '../../support/password-change'
import { initializedPasswordIn } from '../../support/recording-mailer'
import { currentPasswordHashOf, updateAccount, wrongTriesOf } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const changeFor = (loginId: string, password: string) => ({
  loginId,
  password,
  newPassword: NEW_PASSWORD,
  newPasswordConfirmation: NEW_PASSWORD,
})

describe('the queries of a password change: the same for known and unknown login IDs', () => {
  /** The SQL of every statement one wrong try prepares, with its login ID and values left out. */
  async function statementsOf(loginId: string, lockedFirst = false) {
    const db = d1FailingOn(env.DB, /^$/)
    const client = testClient({ env: { DB: db } })
    client.clock.now = T0
    if (lockedFirst) {
      for (let i = 0; i < PASSWORD_CHANGE_LOCKOUT.maxFailures; i++) {
        await client.postForm(FORM, changeFor(loginId, WRONG_PASSWORD))
      }
    }
    db.prepared.length = 0
    client.clock.now = T0 + MINUTE
    const response = await client.postForm(FORM, changeFor(loginId, WRONG_PASSWORD))
    return { status: response.status, statements: [...db.prepared] }
  }

  it('prepares the same statements for a known, an unknown and an inactive login ID', async () => {
    const known = await statementsOf(TARO.loginId)
    expect(known.status).toBe(422)
    expect(known.statements.length).toBeGreaterThanOrEqual(3)
    await resetToDemoAccounts()
    expect(await statementsOf(UNKNOWN_LOGIN_ID)).toEqual(known)
    await resetToDemoAccounts()
    expect(await statementsOf(KEN.loginId)).toEqual(known)
  })

  it('prepares the same statements for a locked login ID, known or not', async () => {
    const known = await statementsOf(TARO.loginId, true)
    expect(known.status).toBe(429)
    await resetToDemoAccounts()
    expect(await statementsOf(UNKNOWN_LOGIN_ID, true)).toEqual(known)
  }, 20_000)

  it('checks the current password of a known account: the right one changes it', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, changeFor(TARO.loginId, DEMO_PASSWORD))
    expect(response.status).toBe(303)
  })
})

describe('100 wrong passwords in a row (NIST SP 800-63B-4 3.2.2, ASVS 6.3.5)', () => {
  const setTries = (loginId: string, tries: number) =>
    updateAccount(loginId, { failedPasswordTries: tries })
  const suspendedSubject = mailMessages('ja').currentPasswordSuspended.subject(env.SERVICE_NAME)

  it('suspends current-password tries at the 100th and tells the holder once', async () => {
    const client = testClient()
    client.clock.now = T0
    await setTries(TARO.loginId, 99)
    expect((await client.postForm(FORM, changeFor(TARO.loginId, WRONG_PASSWORD))).status).toBe(422)
    expect(await wrongTriesOf(TARO.loginId)).toEqual({ tries: 100, suspendedAt: T0 })
    expect(client.mailer.sent.map((mail) => [mail.to, mail.subject])).toEqual([
      [TARO.email, suspendedSubject],
    ])

    // The right current password is now refused like a wrong one, and no second e-mail goes out.
    client.clock.now = T0 + 20 * MINUTE
    const refused = await client.postForm(FORM, changeFor(TARO.loginId, DEMO_PASSWORD))
    expect(refused.status).toBe(422)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('lets the holder back in with an initialized password, which clears the count', async () => {
    const client = testClient()
    client.clock.now = T0
    await setTries(TARO.loginId, 99)
    await client.postForm(FORM, changeFor(TARO.loginId, WRONG_PASSWORD))
    client.clock.now = T0 + 20 * MINUTE
    expect((await client.postForm('/password/initialize', TARO)).status).toBe(303)
    const initialized = initializedPasswordIn(client.mailer.sent.at(-1)) ?? ''
    expect((await client.postForm(FORM, changeFor(TARO.loginId, initialized))).status).toBe(303)
    expect(await wrongTriesOf(TARO.loginId)).toEqual({ tries: 0, suspendedAt: null })
    // The new password works as the current one again.
    client.clock.now = T0 + 40 * MINUTE
    const again = {
      ...changeFor(TARO.loginId, NEW_PASSWORD),
      newPassword: 'seven quiet lanterns drift',
      newPasswordConfirmation: 'seven quiet lanterns drift',
    }
    expect((await client.postForm(FORM, again)).status).toBe(303)
  })

  it('starts counting again after any success', async () => {
    const client = testClient()
    await setTries(TARO.loginId, 42)
    expect((await client.postForm(FORM, changeFor(TARO.loginId, DEMO_PASSWORD))).status).toBe(303)
    expect(await wrongTriesOf(TARO.loginId)).toEqual({ tries: 0, suspendedAt: null })
  })

  it('counts nothing and sends nothing for an unknown login ID', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, changeFor(UNKNOWN_LOGIN_ID, WRONG_PASSWORD))).status).toBe(
      422,
    )
    expect(client.mailer.sent).toEqual([])
  })
})
