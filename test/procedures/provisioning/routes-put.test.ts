import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { accounts } from '../../../src/db/schema'
import { bearer } from '../../support/api-keys'
import { testClient } from '../../support/client'
import { d1FailingOn } from '../../support/failing-bindings'
import { expectProblem, fieldErrors } from '../../support/json-api'
import {
  ACCOUNTS,
  client,
  get,
  ICHIRO,
  issueForTaro,
  pendingFor,
  put,
  resetWithKeys,
  TARO_ACCOUNT,
  useClient,
  writer,
} from '../../support/provisioning'
import { INITIALIZED_PASSWORD_PATTERN, initializedPasswordIn } from '../../support/recording-mailer'
import { accountRow, db, initializedPasswordRows } from '../../support/rows'

beforeEach(resetWithKeys)

describe('PUT /api/v1/accounts/{loginId}', () => {
  it('creates an account (201) and answers it as stored: phone in E.164, no hash', async () => {
    const response = await put('100000001', ICHIRO)
    expect(response.status).toBe(201)
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/)
    const body = await response.json()
    expect(body).toEqual({
      loginId: '100000001',
      kind: 'individual',
      status: 'active',
      locale: 'en',
      organizationName: null,
      contact: {
        givenName: 'Ichiro',
        familyName: 'Suzuki',
        phone: '+819022223333',
        email: 'ichiro.suzuki@example.com',
      },
      hasPassword: false,
      emailBouncedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const row = await accountRow('100000001')
    expect(row).toMatchObject({ contactPhone: '+819022223333', passwordHash: null })
  })

  it('replaces an account (200) and writes nothing when the same data comes again', async () => {
    expect((await put('100000001', ICHIRO)).status).toBe(201)
    const first = await accountRow('100000001')
    client.clock.now += 60_000
    const again = await put('100000001', ICHIRO)
    expect(again.status).toBe(200)
    expect(await accountRow('100000001')).toEqual(first)

    const moved = await put('100000001', { ...ICHIRO, locale: 'ja' })
    expect(moved.status).toBe(200)
    const row = await accountRow('100000001')
    expect(row).toMatchObject({ locale: 'ja', createdAt: first?.createdAt })
    expect(row?.updatedAt).toBe(client.clock.now)
  })

  it('normalizes like the forms: full-width digits in the path and phone, NFKC names', async () => {
    const response = await put('１００００００02', {
      kind: 'Organization',
      organizationName: 'Ｅｘａｍｐｌｅ  Foods',
      contact: {
        givenName: '花子',
        familyName: '山田',
        phone: { country: 'jp', number: '０３－５５５５－０１０１' },
        email: ' soumu@example.co.jp ',
      },
    })
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({
      loginId: '100000002',
      kind: 'organization',
      locale: 'ja',
      organizationName: 'Example Foods',
      contact: { phone: '+81355550101', email: 'soumu@example.co.jp' },
    })
  })

  it('stores a PHC hash, keeps it when a later body has none, and never answers it', async () => {
    const response = await put('100000001', {
      ...ICHIRO,
      passwordHash: DEMO_PASSWORD_HASH,
      passwordChangedAt: '2026-11-30T09:00:00+09:00',
    })
    const text = await response.text()
    expect(response.status).toBe(201)
    expect(text).not.toContain(DEMO_PASSWORD_HASH)
    expect(text).not.toMatch(/pbkdf2|passwordHash/)
    expect(JSON.parse(text).hasPassword).toBe(true)

    const replaced = await put('100000001', { ...ICHIRO, locale: 'ja' })
    expect(await replaced.json()).toMatchObject({ hasPassword: true })
    const stored = await accountRow('100000001')
    // Stored wrapped (peppered Argon2id over the PBKDF2 output), dated as the body says.
    expect(stored?.passwordHash).toMatch(/^\$argon2id-pbkdf2-sha256\$/)
    expect(stored?.passwordChangedAt).toBe(Date.parse('2026-11-30T00:00:00Z'))
    const read = await (await get('100000001')).text()
    expect(read).not.toContain(DEMO_PASSWORD_HASH)
  })

  it('revokes a pending initialized password when the contact changes', async () => {
    await issueForTaro()
    const sameAgain = await put('123456789', TARO_ACCOUNT)
    expect(sameAgain.status).toBe(200)
    expect(await pendingFor('123456789')).toHaveLength(1)

    const newAddress = { ...TARO_ACCOUNT.contact, email: 'taro@example.net' }
    const changed = await put('123456789', { ...TARO_ACCOUNT, contact: newAddress })
    expect(changed.status).toBe(200)
    expect(await pendingFor('123456789')).toEqual([])
    const [row] = await initializedPasswordRows()
    expect(row).toMatchObject({ revokedReason: 'contact_changed', revokedAt: client.clock.now })
  })

  it('revokes a pending initialized password when the account is locked through PUT', async () => {
    await issueForTaro()
    expect((await put('123456789', { ...TARO_ACCOUNT, status: 'locked' })).status).toBe(200)
    const [row] = await initializedPasswordRows()
    expect(row?.revokedReason).toBe('account_locked')
  })

  it('is safe when two PUTs of a new account race: one creates (201), one replaces (200)', async () => {
    const [a, b] = await Promise.all([
      put('100000001', ICHIRO),
      put('100000001', { ...ICHIRO, locale: 'ja' }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 201])
    const results = await db
      .select({ locale: accounts.locale })
      .from(accounts)
      .where(eq(accounts.loginId, '100000001'))
    expect(results).toHaveLength(1)
    const second = a.status === 200 ? a : b
    expect(await second.json()).toMatchObject({ locale: results[0]?.locale })
  })

  it('answers 422 with every invalid field, in the request language, and writes nothing', async () => {
    const response = await put(
      '100000001',
      {
        kind: 'company',
        status: 'gone',
        organizationName: 'Example',
        contact: { givenName: '', familyName: 'X', phone: '0901234', email: 'nope', extra: 1 },
        passwordHash:
          '$pbkdf2-sha256$i=200000$p00HuhV1JQE89m+Ra1Gk/g$JhuY8lhE3xVOjfdGKtZ7rPMSo7nOZjdvotssE5hM4vA',
        note: 'x',
      },
      writer,
      { 'Accept-Language': 'ja' },
    )
    const problem = await expectProblem(response, 422)
    expect(problem.type).toBe('/api/v1/problems/invalid-fields')
    expect(fieldErrors(problem)).toEqual(
      expect.arrayContaining([
        { field: 'kind', code: 'format' },
        { field: 'status', code: 'format' },
        { field: 'contact.givenName', code: 'required' },
        { field: 'contact.phone', code: 'format' },
        { field: 'contact.email', code: 'format' },
        { field: 'contact.extra', code: 'unknown_key' },
        { field: 'passwordHash', code: 'format' },
        { field: 'note', code: 'unknown_key' },
      ]),
    )
    const hashError = problem.errors.find((error) => error.field === 'passwordHash')
    expect(hashError?.message).toContain('$pbkdf2-sha256$i=N$salt$hash')
    expect(await accountRow('100000001')).toBeUndefined()
  })

  it('refuses an imported hash of fewer than 10,000 iterations', async () => {
    const weak = DEMO_PASSWORD_HASH.replace('i=100000', 'i=9999')
    const body = { ...ICHIRO, passwordHash: weak, passwordChangedAt: '2026-11-30T00:00:00Z' }
    const problem = await expectProblem(await put('100000001', body, writer), 422)
    expect(fieldErrors(problem)).toEqual([{ field: 'passwordHash', code: 'format' }])
    expect(await accountRow('100000001')).toBeUndefined()
  })

  it('needs organizationName for an organization, and refuses it for an individual', async () => {
    const organization = await expectProblem(
      await put('100000001', { ...ICHIRO, kind: 'organization' }),
      422,
    )
    expect(fieldErrors(organization)).toEqual([{ field: 'organizationName', code: 'required' }])
    const individual = await expectProblem(
      await put('100000001', { ...ICHIRO, organizationName: 'Example' }),
      422,
    )
    expect(fieldErrors(individual)).toEqual([{ field: 'organizationName', code: 'format' }])
  })

  it('answers 422 for a login ID that is not nine digits', async () => {
    const problem = await expectProblem(await put('12345', ICHIRO), 422)
    expect(fieldErrors(problem)).toEqual([{ field: 'loginId', code: 'format' }])
  })

  it('answers 415, 400 and 413 like the other JSON routes', async () => {
    await expectProblem(
      await put('100000001', ICHIRO, writer, { 'Content-Type': 'text/plain' }),
      415,
    )
    await expectProblem(await put('100000001', '{"kind":'), 400)
    await expectProblem(await put('100000001', `{"kind":"${'x'.repeat(17 * 1024)}"}`), 413)
    expect(await accountRow('100000001')).toBeUndefined()
  })
})

describe('an account provisioned without a password hash', () => {
  it('has no current password until its holder sets one with an initialized password', async () => {
    expect((await put('100000001', ICHIRO)).status).toBe(201)
    const change = (password: string) =>
      client.postForm('/password/change?lang=en', {
        loginId: '100000001',
        password,
        newPassword: 'violet harbour kettle 42',
        newPasswordConfirmation: 'violet harbour kettle 42',
      })
    // There is no current password to match: the demo one (or any other) is wrong.
    expect((await change(DEMO_PASSWORD)).status).toBe(422)

    const issued = await client.postForm('/password/initialize', {
      loginId: '100000001',
      name: 'Ichiro Suzuki',
      phoneCountry: 'JP',
      phoneNumber: '090-2222-3333',
      email: 'ichiro.suzuki@example.com',
    })
    expect(issued.status).toBe(303)
    const password = initializedPasswordIn(client.mailer.sent.at(-1)) ?? ''
    expect(password).toMatch(INITIALIZED_PASSWORD_PATTERN)
    expect((await change(password)).status).toBe(303)
    expect(await (await get('100000001')).json()).toMatchObject({ hasPassword: true })
  })
})

describe('the accounts routes when D1 fails', () => {
  it('answer 503 to a PUT and write nothing, not even the revocation', async () => {
    await issueForTaro()
    const failing = testClient({ env: { DB: d1FailingOn(env.DB, /^insert into "accounts"/i) } })
    useClient(failing)
    const newAddress = { ...TARO_ACCOUNT.contact, email: 'taro@example.net' }
    await expectProblem(await put('123456789', { ...TARO_ACCOUNT, contact: newAddress }), 503)
    expect(failing.logs.events('provisioning_failed').map((line) => line.error)).toEqual([
      'BindingUnavailableError',
    ])
    expect(await pendingFor('123456789')).toHaveLength(1)
    expect((await accountRow('123456789'))?.contactEmail).toBe('taro.koku@example.com')
  })

  it('answer 405 with Allow to other methods', async () => {
    const response = await client.request(`${ACCOUNTS}/123456789`, {
      method: 'POST',
      headers: bearer(writer),
    })
    expect(response.headers.get('Allow')).toBe('GET, HEAD, PUT, DELETE')
    await expectProblem(response, 405)
  })
})
