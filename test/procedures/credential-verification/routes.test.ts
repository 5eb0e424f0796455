import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { hashChosenPassword, verifyChosenPassword } from '../../../src/credentials/chosen-password'
import { hashPassword } from '../../../src/credentials/hash'
import { DEMO_PASSWORD } from '../../../src/db/demo-accounts'
import { initializedPasswords, passwordChangeFailures } from '../../../src/db/schema'
import { PASSWORD_CHANGE_LOCKOUT } from '../../../src/procedures/password-change/lockout'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../../support/api-keys'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { d1FailingOn } from '../../support/failing-bindings'
import { KEN, MINUTE, T0, TARO } from '../../support/fixtures'
import { expectProblem, postJson } from '../../support/json-api'
import {
  changeOf,
  FORM,
  initializedPasswordFor,
  NEW_PASSWORD,
  UNKNOWN_LOGIN_ID,
  WRONG_PASSWORD,
} from '../../support/password-change'
import {
  auditRows,
  currentPasswordHashOf,
  db,
  insertAccount,
  updateAccount,
  wrongTriesOf,
} from '../../support/rows'

const VERIFY = '/api/v1/credential-verifications'
const CLOSED_LOGIN_ID = '100000009'

const VALID_CURRENT = '{"result":"valid","passwordKind":"current","mustChangePassword":false}'
const VALID_INITIALIZED =
  '{"result":"valid","passwordKind":"initialized","mustChangePassword":true}'
const INVALID = '{"result":"invalid"}'

beforeEach(resetToDemoAccountsWithoutKeys)

/** The login system: a client holding a key with `credentials:verify`, its clock at T0. */
async function loginSystem(options: Parameters<typeof testClient>[0] = {}) {
  const { key } = await insertApiKey({ scopes: 'credentials:verify', quota: '1000/600' })
  const client = testClient(options)
  client.clock.now = T0
  const verify = (loginId: string, password: string, clientAddress?: string) =>
    postJson(client, VERIFY, { loginId, password, clientAddress }, bearer(key))
  return { client, key, verify }
}

const failureCount = () => db.$count(passwordChangeFailures)

const verificationOutcomes = async () =>
  (await auditRows())
    .filter((row) => row.procedure === 'credential_verification')
    .map((row) => [row.loginId, row.outcome])

describe('POST /api/v1/credential-verifications: the answers (docs/contract.md#credential-verification)', () => {
  it('answers valid for the current password, writes nothing but the audit row', async () => {
    const { verify } = await loginSystem()
    const response = await verify(TARO.loginId, DEMO_PASSWORD)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/json')
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(await response.text()).toBe(VALID_CURRENT)
    // The right password's try is taken off the failures at once.
    expect(await failureCount()).toBe(0)
    expect(await verificationOutcomes()).toEqual([[TARO.loginId, 'valid']])
  })

  it('answers valid for an initialized password once; then invalid, and it still sets a new password', async () => {
    const { client, verify } = await loginSystem()
    const initialized = await initializedPasswordFor(client)
    const first = await verify(TARO.loginId, initialized)
    expect(first.status).toBe(200)
    expect(await first.text()).toBe(VALID_INITIALIZED)
    const [row] = await db.select().from(initializedPasswords)
    expect(row).toMatchObject({ verifiedAt: T0, usedAt: null })
    const second = await verify(TARO.loginId, initialized)
    expect(second.status).toBe(200)
    expect(await second.text()).toBe(INVALID)
    // The current password still works too, and the password change still takes the initialized one.
    expect(await (await verify(TARO.loginId, DEMO_PASSWORD)).text()).toBe(VALID_CURRENT)
    const change = await client.postForm(FORM, changeOf(initialized))
    expect(change.status).toBe(303)
    expect(await (await verify(TARO.loginId, initialized)).text()).toBe(INVALID)
    expect(await (await verify(TARO.loginId, NEW_PASSWORD)).text()).toBe(VALID_CURRENT)
  })

  it('answers a wrong password, an unknown login ID, a locked and a closed account byte for byte alike', async () => {
    await insertAccount({ loginId: CLOSED_LOGIN_ID, status: 'closed' })
    const { verify } = await loginSystem()
    const answers = [
      await verify(TARO.loginId, WRONG_PASSWORD),
      await verify(UNKNOWN_LOGIN_ID, DEMO_PASSWORD),
      await verify(KEN.loginId, DEMO_PASSWORD),
      await verify(CLOSED_LOGIN_ID, DEMO_PASSWORD),
    ]
    const shapes = await Promise.all(
      answers.map(async (response) => ({
        status: response.status,
        body: await response.text(),
        headers: [...response.headers].filter(([name]) => name !== 'x-request-id'),
      })),
    )
    expect(shapes[0]?.body).toBe(INVALID)
    for (const shape of shapes) expect(shape).toEqual(shapes[0])
    expect(await verificationOutcomes()).toEqual([
      [TARO.loginId, 'wrong_password'],
      [UNKNOWN_LOGIN_ID, 'no_match'],
      [KEN.loginId, 'inactive'],
      [CLOSED_LOGIN_ID, 'inactive'],
    ])
  })

  it('prepares the same statements for a wrong password, an unknown and an inactive login ID', async () => {
    const { key } = await insertApiKey({ scopes: 'credentials:verify' })
    async function statementsOf(loginId: string, password: string) {
      await resetToDemoAccounts()
      const db = d1FailingOn(env.DB, /^$/)
      const client = testClient({ env: { DB: db } })
      const response = await postJson(client, VERIFY, { loginId, password }, bearer(key))
      return { body: await response.text(), statements: [...db.prepared] }
    }
    const wrong = await statementsOf(TARO.loginId, WRONG_PASSWORD)
    expect(wrong.body).toBe(INVALID)
    expect(await statementsOf(UNKNOWN_LOGIN_ID, WRONG_PASSWORD)).toEqual(wrong)
    expect(await statementsOf(KEN.loginId, DEMO_PASSWORD)).toEqual(wrong)
  })
})

describe('the lockout shared with the password change', () => {
  const { maxFailures } = PASSWORD_CHANGE_LOCKOUT

  it('locks one address after four wrong passwords on the page and one here, and only that address', async () => {
    const { client, verify } = await loginSystem()
    const address = { 'CF-Connecting-IP': '192.0.2.10' }
    for (let i = 0; i < maxFailures - 1; i++) {
      const page = await client.postForm(FORM, changeOf(WRONG_PASSWORD), address)
      expect(page.status).toBe(422)
    }
    // The fifth wrong try from that address is answered invalid; it starts the lockout.
    expect(await (await verify(TARO.loginId, WRONG_PASSWORD, '192.0.2.10')).text()).toBe(INVALID)

    client.clock.now = T0 + MINUTE
    const locked = await verify(TARO.loginId, DEMO_PASSWORD, '192.0.2.10')
    expect(locked.status).toBe(200)
    expect(await locked.json()).toEqual({ result: 'locked', retryAfterSeconds: 14 * 60 })
    const page = await client.postForm(FORM, changeOf(DEMO_PASSWORD, {}), address)
    expect(page.status).toBe(429)
    // Another end user, and the key on its own, are not locked by that address's tries.
    expect(await (await verify(TARO.loginId, DEMO_PASSWORD, '198.51.100.7')).text()).toBe(
      VALID_CURRENT,
    )
    expect(await (await verify(TARO.loginId, DEMO_PASSWORD)).text()).toBe(VALID_CURRENT)

    // Fifteen minutes after the fifth failure the current password works again.
    client.clock.now = T0 + 15 * MINUTE + 1
    expect(await (await verify(TARO.loginId, DEMO_PASSWORD, '192.0.2.10')).text()).toBe(
      VALID_CURRENT,
    )
  })

  it('takes only an IP address as clientAddress, and refuses it unchanged (422)', async () => {
    const { key, client } = await loginSystem()
    for (const clientAddress of ['not-an-address', '192.0.2.300', '', 7]) {
      const response = await postJson(
        client,
        VERIFY,
        { loginId: TARO.loginId, password: DEMO_PASSWORD, clientAddress },
        bearer(key),
      )
      await expectProblem(response, 422)
    }
    expect(await failureCount()).toBe(0)
  })

  it('locks an unknown login ID alike', async () => {
    const { verify } = await loginSystem()
    for (let i = 0; i < maxFailures; i++) {
      expect(await (await verify(UNKNOWN_LOGIN_ID, WRONG_PASSWORD)).text()).toBe(INVALID)
    }
    expect(await (await verify(UNKNOWN_LOGIN_ID, WRONG_PASSWORD)).json()).toEqual({
      result: 'locked',
      retryAfterSeconds: 15 * 60,
    })
    expect((await verificationOutcomes()).at(-1)).toEqual([UNKNOWN_LOGIN_ID, 'locked_out'])
  })

  it('does not count a right password as a failure: four wrong and then right ones lock nothing', async () => {
    const { verify } = await loginSystem()
    for (let i = 0; i < maxFailures - 1; i++) await verify(TARO.loginId, WRONG_PASSWORD)
    for (let i = 0; i < 3; i++) {
      expect(await (await verify(TARO.loginId, DEMO_PASSWORD)).text()).toBe(VALID_CURRENT)
    }
    expect(await failureCount()).toBe(maxFailures - 1)
  })

  it('answers valid for an unexpired initialized password during a lockout, without using it up', async () => {
    const { client, verify } = await loginSystem()
    const initialized = await initializedPasswordFor(client)
    for (let i = 0; i < maxFailures; i++) await verify(TARO.loginId, WRONG_PASSWORD)
    expect(await (await verify(TARO.loginId, DEMO_PASSWORD)).json()).toMatchObject({
      result: 'locked',
    })

    expect(await (await verify(TARO.loginId, initialized)).text()).toBe(VALID_INITIALIZED)
    // Verified once, it is no longer a password here: during the lockout, a locked try.
    expect(await (await verify(TARO.loginId, initialized)).json()).toMatchObject({
      result: 'locked',
    })
    const change = await client.postForm(FORM, changeOf(initialized))
    expect(change.status).toBe(303)
  })
})

describe('rehashing on verification', () => {
  const setHash = (hash: string) => updateAccount(TARO.loginId, { passwordHash: hash })

  it("stores an imported PBKDF2 hash of 10,000 iterations again at today's cost once the password verifies", async () => {
    const weak = await hashPassword(DEMO_PASSWORD, { iterations: 10_000 })
    expect(weak).toMatch(/^\$pbkdf2-sha256\$i=10000\$/)
    await setHash(weak)
    const { verify } = await loginSystem()

    expect(await (await verify(TARO.loginId, WRONG_PASSWORD)).text()).toBe(INVALID)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(weak)

    expect(await (await verify(TARO.loginId, DEMO_PASSWORD)).text()).toBe(VALID_CURRENT)
    const stored = (await currentPasswordHashOf(TARO.loginId)) ?? ''
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1,k=1\$/)
    expect(await verifyChosenPassword(DEMO_PASSWORD, stored, env.PASSWORD_PEPPER)).toEqual({
      valid: true,
      needsRehash: false,
    })

    // Once strong, a verification leaves it as it is.
    expect(await (await verify(TARO.loginId, DEMO_PASSWORD)).text()).toBe(VALID_CURRENT)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(stored)
  })

  it('does not overwrite a hash that changed while the old one was being checked', async () => {
    const weak = await hashPassword(DEMO_PASSWORD, { iterations: 10_000 })
    await setHash(weak)
    const changed = await hashChosenPassword(NEW_PASSWORD, env.PASSWORD_PEPPER)
    // The password is changed just before the verification's writes (its second batch) run.
    let batches = 0
    const racing = new Proxy(env.DB, {
      get(target, property) {
        if (property === 'batch') {
          return async (statements: D1PreparedStatement[]) => {
            if (++batches === 2) await setHash(changed)
            return target.batch(statements)
          }
        }
        const value: unknown = Reflect.get(target, property)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const { verify } = await loginSystem({ env: { DB: racing } })
    expect(await (await verify(TARO.loginId, DEMO_PASSWORD)).text()).toBe(VALID_CURRENT)
    expect(batches).toBe(2)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(changed)
  })
})

describe('scopes and bad requests', () => {
  it('answers 401 without a key or with an unknown or revoked one, and checks nothing', async () => {
    const client = testClient()
    const body = { loginId: TARO.loginId, password: WRONG_PASSWORD }
    const none = await postJson(client, VERIFY, body)
    expect((await expectProblem(none, 401)).type).toBe('/api/v1/problems/api-key-required')
    await expectProblem(await postJson(client, VERIFY, body, bearer('pik_unknown')), 401)
    const revoked = await insertApiKey({ scopes: 'credentials:verify', revokedAt: T0 })
    await expectProblem(await postJson(client, VERIFY, body, bearer(revoked.key)), 401)
    expect(await failureCount()).toBe(0)
    expect(await verificationOutcomes()).toEqual([])
  })

  it('answers 403 to a key without credentials:verify, and checks nothing', async () => {
    const client = testClient()
    const body = { loginId: TARO.loginId, password: WRONG_PASSWORD }
    for (const scopes of ['recovery', 'accounts:read,accounts:write']) {
      const { key } = await insertApiKey({ scopes })
      const response = await postJson(client, VERIFY, body, bearer(key))
      expect(response.headers.get('WWW-Authenticate')).toContain('scope="credentials:verify"')
      expect((await expectProblem(response, 403)).type).toBe('/api/v1/problems/insufficient-scope')
    }
    expect(await failureCount()).toBe(0)
  })

  it('answers 422 for a missing password, a malformed login ID or an extra field; nothing counted', async () => {
    const { client, key } = await loginSystem()
    const post = (body: unknown) => postJson(client, VERIFY, body, bearer(key))
    const missing = await expectProblem(await post({ loginId: TARO.loginId }), 422)
    expect(missing.errors).toMatchObject([{ field: 'password', code: 'required' }])
    const empty = await expectProblem(await post({ loginId: TARO.loginId, password: '' }), 422)
    expect(empty.errors).toMatchObject([{ field: 'password', code: 'required' }])
    const number = await expectProblem(await post({ loginId: TARO.loginId, password: 1 }), 422)
    expect(number.errors).toMatchObject([{ field: 'password', code: 'invalid_type' }])
    const loginId = await expectProblem(await post({ loginId: '12345', password: 'x' }), 422)
    expect(loginId.errors).toMatchObject([{ field: 'loginId', code: 'format' }])
    const extra = { loginId: TARO.loginId, password: DEMO_PASSWORD, locale: 'en' }
    const unknown = await expectProblem(await post(extra), 422)
    expect(unknown.errors).toMatchObject([{ field: 'locale', code: 'unknown_key' }])
    // The password is never echoed back.
    expect(JSON.stringify(unknown)).not.toContain(DEMO_PASSWORD)
    expect(await failureCount()).toBe(0)
  })

  it('answers 415, 400 and 405 with problem documents', async () => {
    const { client, key } = await loginSystem()
    const text = await postJson(client, VERIFY, '{}', {
      ...bearer(key),
      'Content-Type': 'text/plain',
    })
    await expectProblem(text, 415)
    await expectProblem(await postJson(client, VERIFY, '{"loginId":', bearer(key)), 400)
    const get = await client.request(VERIFY, { headers: bearer(key) })
    expect(get.headers.get('Allow')).toBe('POST')
    await expectProblem(get, 405)
  })

  it("answers 429 past the key's own quota", async () => {
    const { key } = await insertApiKey({ scopes: 'credentials:verify', quota: '2/600' })
    const client = testClient()
    client.clock.now = T0
    const post = () =>
      postJson(client, VERIFY, { loginId: TARO.loginId, password: DEMO_PASSWORD }, bearer(key))
    expect((await post()).status).toBe(200)
    expect((await post()).status).toBe(200)
    const limited = await post()
    // T0 is 07:43 UTC: seven minutes to the end of its 10-minute window.
    expect(limited.headers.get('Retry-After')).toBe('420')
    await expectProblem(limited, 429)
  })
})

describe('100 wrong passwords in a row, counted with the password change', () => {
  const tries = () => wrongTriesOf(TARO.loginId)

  it('suspends the current password at the 100th and e-mails the holder once', async () => {
    const { client, verify } = await loginSystem()
    await updateAccount(TARO.loginId, { failedPasswordTries: 99 })
    expect(await (await verify(TARO.loginId, WRONG_PASSWORD)).text()).toBe(INVALID)
    expect(await tries()).toEqual({ tries: 100, suspendedAt: T0 })
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
    // The right current password is now suspended, and says so, as a wrong one does.
    client.clock.now = T0 + 20 * MINUTE
    expect(await (await verify(TARO.loginId, DEMO_PASSWORD)).text()).toBe('{"result":"suspended"}')
    expect(await (await verify(TARO.loginId, WRONG_PASSWORD)).text()).toBe('{"result":"suspended"}')
    expect((await verificationOutcomes()).at(-1)).toEqual([TARO.loginId, 'suspended'])
  })

  it('starts the count again after a valid current password', async () => {
    const { verify } = await loginSystem()
    await updateAccount(TARO.loginId, { failedPasswordTries: 7 })
    expect(await (await verify(TARO.loginId, DEMO_PASSWORD)).text()).toBe(VALID_CURRENT)
    expect(await tries()).toEqual({ tries: 0, suspendedAt: null })
  })
})
