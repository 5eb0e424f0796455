import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { messages } from '../../../src/i18n'
import { PASSWORD_CHANGE_LOCKOUT } from '../../../src/procedures/password-change/lockout'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { JANE, KEN, MINUTE, observable, T0, TARO } from '../../support/fixtures'
import { errorSummary, escapeHtml, fieldTag } from '../../support/form-page'
import {
  type ChangePost,
  changedMails,
  changeOf,
  FORM,
  fiveWrongPasswords,
  initializedPasswordFor,
  NEW_PASSWORD,
  OTHER_NEW_PASSWORD,
  twice,
  UNKNOWN_LOGIN_ID,
  verifiesAsChosen,
  WRONG_PASSWORD,
} from '../../support/password-change'
import { currentPasswordHashOf, failureRows, initializedPasswordRows } from '../../support/rows'

beforeEach(resetToDemoAccounts)

describe('the new password (docs/contract.md#password-change)', () => {
  const cases: Array<{
    problem: string
    changes: (initialized: string) => ChangePost
    field: 'newPassword' | 'newPasswordConfirmation'
    code: string
  }> = [
    {
      problem: 'it has 14 characters',
      changes: () => twice('short passwd 1'),
      field: 'newPassword',
      code: 'too_short',
    },
    {
      problem: 'it has 14 characters after NFKC (28 before)',
      changes: () => twice('ｶﾞ'.repeat(14)),
      field: 'newPassword',
      code: 'too_short',
    },
    {
      problem: 'it has 129 characters',
      changes: () => twice(`${'kettle 4'.repeat(16)}!`),
      field: 'newPassword',
      code: 'too_long',
    },
    {
      problem: 'it contains the login ID',
      changes: () => twice('my id is 123456789!'),
      field: 'newPassword',
      code: 'contains_login_id',
    },
    {
      problem: 'it contains the login ID in full-width digits',
      changes: () => twice('my id is １２３４５６７８９!'),
      field: 'newPassword',
      code: 'contains_login_id',
    },
    ...[
      'passwordpassword',
      'PasswordPassword',
      '123456789012345',
      'qwertyuiopasdfg',
      'ｐａｓｓｗｏｒｄ１２３４５６７',
    ].map((common) => ({
      problem: `it is the common password "${common}"`,
      changes: () => twice(common),
      field: 'newPassword' as const,
      code: 'common',
    })),
    {
      problem: 'it has a control character',
      changes: () => twice('violet\u0007harbour kettle'),
      field: 'newPassword',
      code: 'control_characters',
    },
    {
      problem: 'it is only spaces',
      changes: () => ({ newPassword: ' '.repeat(14) }),
      field: 'newPassword',
      code: 'required',
    },
    {
      problem: 'it is the initialized password itself',
      changes: (initialized) => twice(initialized),
      field: 'newPassword',
      code: 'same_as_password',
    },
    {
      problem: 'the two entries differ',
      changes: () => ({ newPassword: NEW_PASSWORD, newPasswordConfirmation: OTHER_NEW_PASSWORD }),
      field: 'newPasswordConfirmation',
      code: 'mismatch',
    },
    {
      problem: 'the second entry is missing',
      changes: () => ({ newPassword: NEW_PASSWORD, newPasswordConfirmation: '' }),
      field: 'newPasswordConfirmation',
      code: 'required',
    },
    {
      problem: 'it is given twice',
      changes: () => ({ newPassword: [NEW_PASSWORD, NEW_PASSWORD] }),
      field: 'newPassword',
      code: 'invalid_type',
    },
  ]

  it.each(cases)(
    'is refused with its field error, leaving the initialized password untouched, when $problem',
    async ({ changes, field, code }) => {
      const client = testClient()
      client.clock.now = T0
      const initialized = await initializedPasswordFor(client)
      const before = await initializedPasswordRows()

      const response = await client.postForm(FORM, changeOf(initialized, changes(initialized)))
      expect(response.status).toBe(422)
      const page = await response.text()
      const texts: Partial<Record<string, string>> = messages('ja').passwordChange.errors[field]
      const message = texts[code]
      expect(message).toBeDefined()
      const summary = errorSummary(page)
      expect(summary?.match(/href="#[^"]*"/g)).toEqual([`href="#${field}"`])
      expect(summary).toContain(escapeHtml(message ?? ''))
      expect(page).toContain(
        `<p id="${field}-error" class="field-error">${escapeHtml(message ?? '')}</p>`,
      )
      expect(fieldTag(page, field)).toContain('aria-invalid="true"')
      expect(fieldTag(page, field)).toMatch(new RegExp(`aria-describedby="[^"]*\\b${field}-error"`))
      expect(page.match(/aria-invalid="true"/g)).toHaveLength(1)

      // Not consumed, not counted as a wrong try, nothing changed or sent.
      expect(await initializedPasswordRows()).toEqual(before)
      expect(before[0]).toMatchObject({ usedAt: null, revokedAt: null })
      expect(await failureRows()).toEqual([])
      expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
      expect(changedMails(client)).toEqual([])
      expect((await client.postForm(FORM, changeOf(initialized))).status).toBe(303)
    },
  )

  it('accepts exactly 15 and exactly 128 characters', async () => {
    const client = testClient()
    const fifteen = 'harbour lamp 42'
    const hundredTwentyEight = 'kettle 4'.repeat(16)
    expect([...fifteen]).toHaveLength(15)
    expect([...hundredTwentyEight]).toHaveLength(128)

    expect((await client.postForm(FORM, changeOf(DEMO_PASSWORD, twice(fifteen)))).status).toBe(303)
    const longer = await client.postForm(FORM, changeOf(fifteen, twice(hundredTwentyEight)))
    expect(longer.status).toBe(303)
    const hash = (await currentPasswordHashOf(TARO.loginId)) ?? ''
    expect(await verifiesAsChosen(hundredTwentyEight, hash)).toBe(true)
  })

  it('lists every missing field at once, in page order', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, {})
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(errorSummary(page)?.match(/href="#[^"]*"/g)).toEqual([
      'href="#loginId"',
      'href="#password"',
      'href="#newPassword"',
      'href="#newPasswordConfirmation"',
    ])
  })

  it('reports the login ID error and the new password errors together', async () => {
    const client = testClient()
    const response = await client.postForm(
      FORM,
      changeOf(DEMO_PASSWORD, {
        loginId: '12345',
        newPassword: 'short',
        newPasswordConfirmation: 'other',
      }),
    )
    expect(response.status).toBe(422)
    const t = messages('ja')
    const summary = errorSummary(await response.text())
    expect(summary).toContain(escapeHtml(t.errors.loginId.format))
    expect(summary).toContain(escapeHtml(t.passwordChange.errors.newPassword.too_short))
  })
})

describe('a wrong password', () => {
  it('gets one answer whether the password is wrong, the login ID unknown or the account locked', async () => {
    const cases = [
      { loginId: TARO.loginId, password: WRONG_PASSWORD },
      { loginId: UNKNOWN_LOGIN_ID, password: DEMO_PASSWORD },
      { loginId: KEN.loginId, password: DEMO_PASSWORD },
    ]
    const answers = []
    for (const { loginId, password } of cases) {
      const response = await testClient().postForm(FORM, changeOf(password, { loginId }))
      answers.push(await observable(response, loginId))
    }
    expect(answers[0]?.status).toBe(422)
    expect(errorSummary(answers[0]?.body ?? '')).toContain(
      messages('ja').passwordChange.errors.wrongPassword,
    )
    expect(answers[1]).toEqual(answers[0])
    expect(answers[2]).toEqual(answers[0])
    expect(await currentPasswordHashOf(KEN.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('counts against the login ID, and leaves the usable initialized password as it was', async () => {
    const client = testClient()
    client.clock.now = T0
    await initializedPasswordFor(client)
    const before = await initializedPasswordRows()
    client.clock.now = T0 + MINUTE

    expect((await client.postForm(FORM, changeOf(WRONG_PASSWORD))).status).toBe(422)
    expect(await initializedPasswordRows()).toEqual(before)
    expect(await failureRows()).toEqual([
      {
        id: expect.any(String),
        loginId: TARO.loginId,
        clientHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        failedAt: T0 + MINUTE,
      },
    ])
  })

  it('takes as many PBKDF2 derivations for an unknown login ID as for a known one', async () => {
    const client = testClient()
    await initializedPasswordFor(client, JANE)
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    const derivationsFor = async (loginId: string) => {
      derive.mockClear()
      const response = await client.postForm(FORM, changeOf(WRONG_PASSWORD, { loginId }))
      expect(response.status).toBe(422)
      return derive.mock.calls.filter(
        ([algorithm]) => typeof algorithm === 'object' && algorithm.name === 'PBKDF2',
      ).length
    }
    try {
      const known = await derivationsFor(TARO.loginId)
      expect(known).toBeGreaterThanOrEqual(1)
      expect(await derivationsFor(UNKNOWN_LOGIN_ID)).toBe(known)
      expect(await derivationsFor(KEN.loginId)).toBe(known)
      // Jane has an initialized password pending; that does not show either.
      expect(await derivationsFor(JANE.loginId)).toBe(known)
    } finally {
      derive.mockRestore()
    }
  })
})

describe('the lockout (docs/contract.md#password-change)', () => {
  const { lockMs } = PASSWORD_CHANGE_LOCKOUT

  it('refuses even the right password after five wrong ones within 15 minutes, until 15 minutes after the fifth', async () => {
    const client = testClient()
    await fiveWrongPasswords(client, TARO.loginId, T0)
    const fifth = T0 + 4 * MINUTE

    client.clock.now = fifth + MINUTE
    const locked = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    expect(locked.status).toBe(429)
    expect(locked.headers.get('Retry-After')).toBe(String((lockMs - MINUTE) / 1000))
    const page = await locked.text()
    expect(page).toContain(messages('ja').passwordChange.lockedOut.body(14))
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)

    client.clock.now = fifth + lockMs - 1
    expect((await client.postForm(FORM, changeOf(DEMO_PASSWORD))).status).toBe(429)

    client.clock.now = fifth + lockMs
    expect((await client.postForm(FORM, changeOf(DEMO_PASSWORD))).status).toBe(303)
  })

  it('still accepts an unexpired initialized password, so a stranger can not keep the holder out', async () => {
    const client = testClient()
    // A stranger's five wrong passwords for Taro's login ID.
    await fiveWrongPasswords(client, TARO.loginId, T0)
    // Taro asks for an initialized password (not locked) and changes his password with it.
    client.clock.now = T0 + 5 * MINUTE
    const initialized = await initializedPasswordFor(client)
    client.clock.now = T0 + 7 * MINUTE
    const response = await client.postForm(FORM, changeOf(initialized))
    expect(response.status).toBe(303)
    expect(
      await verifiesAsChosen(NEW_PASSWORD, (await currentPasswordHashOf(TARO.loginId)) ?? ''),
    ).toBe(true)
    expect((await initializedPasswordRows())[0]?.usedAt).toBe(T0 + 7 * MINUTE)
  })

  it('neither checks nor counts a current-password try it refuses, nor uses up anything', async () => {
    const client = testClient()
    await fiveWrongPasswords(client, TARO.loginId, T0)
    client.clock.now = T0 + 5 * MINUTE
    await initializedPasswordFor(client)
    const before = { failures: await failureRows(), passwords: await initializedPasswordRows() }

    client.clock.now = T0 + 7 * MINUTE
    expect((await client.postForm(FORM, changeOf(WRONG_PASSWORD))).status).toBe(429)
    expect((await client.postForm(FORM, changeOf(DEMO_PASSWORD))).status).toBe(429)
    expect({ failures: await failureRows(), passwords: await initializedPasswordRows() }).toEqual(
      before,
    )
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('answers an unknown login ID exactly as an existing one, in English too', async () => {
    const answers = []
    for (const loginId of [TARO.loginId, UNKNOWN_LOGIN_ID]) {
      const client = testClient()
      await fiveWrongPasswords(client, loginId, T0)
      client.clock.now = T0 + 5 * MINUTE
      const response = await client.postForm(
        `${FORM}?lang=en`,
        changeOf(DEMO_PASSWORD, { loginId }),
      )
      answers.push(await observable(response, loginId))
    }
    expect(answers[0]?.status).toBe(429)
    expect(answers[0]?.body).toContain('<html lang="en">')
    expect(answers[0]?.body).toContain(messages('en').passwordChange.lockedOut.body(14))
    expect(answers[1]).toEqual(answers[0])
  })

  it('does not start for five wrong passwords spread over more than 15 minutes', async () => {
    const client = testClient()
    for (const minutes of [0, 4, 8, 12, 16]) {
      client.clock.now = T0 + minutes * MINUTE
      expect((await client.postForm(FORM, changeOf(WRONG_PASSWORD))).status).toBe(422)
    }
    client.clock.now = T0 + 17 * MINUTE
    expect((await client.postForm(FORM, changeOf(DEMO_PASSWORD))).status).toBe(303)
  })

  it('locks only the login ID that had the wrong passwords', async () => {
    const client = testClient()
    await fiveWrongPasswords(client, TARO.loginId, T0)
    client.clock.now = T0 + 5 * MINUTE
    const jane = await client.postForm(FORM, changeOf(DEMO_PASSWORD, { loginId: JANE.loginId }))
    expect(jane.status).toBe(303)
  })
})
