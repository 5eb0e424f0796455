import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { passwordChangeFailures } from '../../../src/db/schema'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../../support/api-keys'
import { testClient } from '../../support/client'
import {
  expectProblem,
  fieldErrors,
  PASSWORD_INITIALIZATIONS,
  postJson,
  TARO_JSON,
} from '../../support/json-api'
import { FORM, NEW_PASSWORD, verifiesAsChosen } from '../../support/password-change'
import { TARO_ACCOUNT } from '../../support/provisioning'
import {
  accountRow,
  auditRows,
  db,
  expectNoneOf,
  failureRows,
  initializedPasswordRows,
  updateAccount,
} from '../../support/rows'
import { WEBHOOKS_ON } from '../../support/webhook-receiver'

const DAY = 24 * 60 * 60 * 1000

let client: ReturnType<typeof testClient>
let writer: string
let verifier: string

beforeEach(async () => {
  await resetToDemoAccountsWithoutKeys()
  client = testClient({ env: WEBHOOKS_ON })
  writer = (await insertApiKey({ scopes: 'accounts:read,accounts:write' })).key
  verifier = (await insertApiKey({ scopes: 'credentials:verify' })).key
})

const put = (body: unknown, loginId = '123456789') =>
  client.request(`/api/v1/accounts/${loginId}`, {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...bearer(writer) },
  })

const withHash = (changedAt: number, passwordHash = DEMO_PASSWORD_HASH) => ({
  ...TARO_ACCOUNT,
  passwordHash,
  passwordChangedAt: new Date(changedAt).toISOString(),
})

const verify = async (password: string) => {
  const response = await postJson(
    client,
    '/api/v1/credential-verifications',
    { loginId: '123456789', password },
    bearer(verifier),
  )
  return ((await response.json()) as { result: string }).result
}

const provisioningAudit = async () =>
  (await auditRows()).filter((row) => row.procedure === 'account_provisioning')

describe('a password hash from the system of record', () => {
  it('is stored wrapped, dated, verifies, and its holder and the system of record are told', async () => {
    const changedAt = client.clock.now - DAY
    await updateAccount('123456789', { passwordHash: null, passwordChangedAt: null })
    const response = await put(withHash(changedAt))
    expect(response.status).toBe(200)
    const row = await accountRow('123456789')
    expect(row?.passwordHash).toMatch(
      /^\$argon2id-pbkdf2-sha256\$v=19\$m=19456,t=2,p=1,k=1,i=100000,ps=/,
    )
    expect(row?.passwordChangedAt).toBe(changedAt)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual(['taro.koku@example.com'])
    expect(client.queue.events.map((event) => event.data)).toEqual([
      { loginId: '123456789', passwordKind: 'current', source: 'system_of_record' },
    ])
    const [audit, ...more] = await provisioningAudit()
    expect(more).toEqual([])
    expect(audit).toMatchObject({
      outcome: 'changed',
      loginId: '123456789',
      changedFields: 'passwordHash',
    })
    expectNoneOf({ ...audit }, ['pbkdf2', 'taro', 'Koku'])
    expect(await verify(DEMO_PASSWORD)).toBe('valid')
    // Its first success stores the password as plain Argon2id: PBKDF2 drops out.
    expect((await accountRow('123456789'))?.passwordHash).toMatch(/^\$argon2id\$v=19\$/)
  })

  it('does not bring back an old password after the holder set a new one here (kept: newer here)', async () => {
    const changedAt = client.clock.now - DAY
    expect((await put(withHash(changedAt))).status).toBe(200)
    // The holder changes the password here, a minute later.
    client.clock.now += 60_000
    const changed = await client.postForm(FORM, {
      loginId: '123456789',
      password: DEMO_PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
    })
    expect(changed.status).toBe(303)
    const afterChange = await accountRow('123456789')
    expect(afterChange?.passwordChangedAt).toBe(client.clock.now)
    const mails = client.mailer.sent.length
    const audits = (await provisioningAudit()).length

    // The routine re-sync sends the old hash again, and then one set before the change here.
    for (const at of [changedAt, client.clock.now - 1]) {
      const again = await put(withHash(at))
      expect(again.status).toBe(200)
      expect(await again.json()).toMatchObject({ hasPassword: true })
      expect((await accountRow('123456789'))?.passwordHash).toBe(afterChange?.passwordHash)
    }
    expect(await verifiesAsChosen(NEW_PASSWORD, afterChange?.passwordHash ?? '')).toBe(true)
    expect(await verify(DEMO_PASSWORD)).toBe('invalid')
    expect(client.mailer.sent).toHaveLength(mails)
    expect(await provisioningAudit()).toHaveLength(audits)
  })

  it('when newer, revokes pending initialized passwords and clears failures and the suspension', async () => {
    const issued = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    expect(issued.status).toBe(202)
    await db.insert(passwordChangeFailures).values([
      { id: 'f1', loginId: '123456789', failedAt: client.clock.now },
      { id: 'f2', loginId: '123456789', failedAt: client.clock.now },
      { id: 'f3', loginId: '987654321', failedAt: client.clock.now },
    ])
    await updateAccount('123456789', {
      passwordChangedAt: client.clock.now - DAY,
      failedPasswordTries: 100,
      currentPasswordSuspendedAt: client.clock.now,
    })
    expect((await put(withHash(client.clock.now - 1000))).status).toBe(200)
    expect(await accountRow('123456789')).toMatchObject({
      failedPasswordTries: 0,
      currentPasswordSuspendedAt: null,
    })
    expect((await failureRows()).map((row) => row.id)).toEqual(['f3'])
    const [initialized] = await initializedPasswordRows()
    expect(initialized).toMatchObject({
      revokedReason: 'password_changed',
      revokedAt: client.clock.now,
    })
  })

  it('needs passwordChangedAt with passwordHash, and only with it (422, nothing written)', async () => {
    const before = await accountRow('123456789')
    const { passwordChangedAt: _, ...withoutTime } = withHash(client.clock.now)
    const missing = await expectProblem(await put(withoutTime), 422)
    expect(fieldErrors(missing)).toEqual([{ field: 'passwordChangedAt', code: 'required' }])
    const alone = await expectProblem(
      await put({ ...TARO_ACCOUNT, passwordChangedAt: new Date().toISOString() }),
      422,
    )
    expect(fieldErrors(alone)).toEqual([{ field: 'passwordChangedAt', code: 'format' }])
    const bad = await expectProblem(
      await put({ ...withHash(0), passwordChangedAt: 'yesterday' }),
      422,
    )
    expect(fieldErrors(bad).map((error) => error.field)).toEqual(['passwordChangedAt'])
    expect(await accountRow('123456789')).toEqual(before)
  })
})

describe('audit rows of provisioning changes', () => {
  it('name the changed fields of a PUT and a DELETE, never their values; nothing for no change', async () => {
    const newContact = { ...TARO_ACCOUNT.contact, email: 'taro@example.net' }
    expect((await put({ ...TARO_ACCOUNT, contact: newContact })).status).toBe(200)
    expect((await put({ ...TARO_ACCOUNT, contact: newContact })).status).toBe(200)
    const created = await put(
      { ...TARO_ACCOUNT, contact: { ...newContact, phone: '+819099998888' } },
      '100000001',
    )
    expect(created.status).toBe(201)
    const removed = await client.request('/api/v1/accounts/123456789', {
      method: 'DELETE',
      headers: bearer(writer),
    })
    expect(removed.status).toBe(204)
    const rows = await provisioningAudit()
    expect(
      rows.map(({ outcome, loginId, changedFields }) => ({ outcome, loginId, changedFields })),
    ).toEqual([
      { outcome: 'changed', loginId: '123456789', changedFields: 'contactEmail' },
      {
        outcome: 'created',
        loginId: '100000001',
        changedFields:
          'kind,status,locale,contactGivenName,contactFamilyName,contactPhone,contactEmail',
      },
      { outcome: 'closed', loginId: '123456789', changedFields: 'status' },
    ])
    for (const row of rows) {
      expect(row.apiKeyId).not.toBeNull()
      expectNoneOf({ ...row }, ['example.net', '+8190', 'Taro', 'Koku'])
    }
  })
})
