import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { parseChosenPasswordHash, verifyChosenPassword } from '../src/credentials/chosen-password'
import { isCommonPassword } from '../src/credentials/common-passwords'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../src/db/demo-accounts'
import { type Locale, messages } from '../src/i18n'
import { mailMessages } from '../src/i18n/mail'
import { PASSWORD_CHANGE_LOCKOUT } from '../src/procedures/password-change/lockout'
import { testClient } from './support/client'
import { resetToDemoAccounts, TARO } from './support/demo'
import { failingD1 } from './support/failing-bindings'
import { HOUR, JANE, MINUTE, observable } from './support/fixtures'
import { errorSummary, escapeHtml, fieldTag } from './support/form-page'
import { closest, readPage } from './support/html'
import {
  auditRows,
  currentPasswordHashOf,
  initializedPasswordIn,
  initializedPasswordRows,
  refusedRows,
} from './support/initialized-password-rows'
import { captureLogs } from './support/log-capture'
import { runScheduled } from './support/scheduled'

beforeEach(resetToDemoAccounts)

/** Whether the stored hash is the password's, under the test pepper. */
const verifiesAsChosen = async (password: string, hash: string) =>
  (await verifyChosenPassword(password, hash, env.PASSWORD_PEPPER)).valid

const FORM = '/password/change'
/** 16:43 in Japan. */
const T0 = Date.parse('2026-11-30T07:43:00Z')
const NEW_PASSWORD = 'violet harbour kettle 42'
const OTHER_NEW_PASSWORD = 'seven quiet lanterns drift'
const WRONG_PASSWORD = 'Wrong-Pa55word!'
const UNKNOWN_LOGIN_ID = '111111111'
/** The locked demo account; its current password is the demo one. */
const KEN_LOGIN_ID = '444000222'

type Client = ReturnType<typeof testClient>
type ChangePost = Record<string, string | string[]>

/** Asks for an initialized password as a person would, and reads it from the e-mail. */
async function initializedPasswordFor(client: Client, post: ChangePost = TARO): Promise<string> {
  const response = await client.postForm('/password/initialize', post)
  expect(response.status).toBe(303)
  const password = initializedPasswordIn(client.mailer.sent.at(-1))
  expect(password).toMatch(/^[A-Za-z0-9]{20}$/)
  return password ?? ''
}

/** Taro's change to NEW_PASSWORD with `password`, some fields replaced. */
const changeOf = (password: string, changes: ChangePost = {}): ChangePost => ({
  loginId: TARO.loginId,
  password,
  newPassword: NEW_PASSWORD,
  newPasswordConfirmation: NEW_PASSWORD,
  ...changes,
})

/** A new password typed twice. */
const twice = (newPassword: string): ChangePost => ({
  newPassword,
  newPasswordConfirmation: newPassword,
})

/** The "your password was changed" e-mails among those sent, in either language. */
const changedMails = (client: Client) =>
  client.mailer.sent.filter((mail) =>
    /パスワード変更のお知らせ|Your password was changed/.test(mail.subject),
  )

interface FailureRecord {
  id: string
  login_id: string
  failed_at: number
}

async function failureRows(): Promise<FailureRecord[]> {
  const { results } = await env.DB.prepare(
    'SELECT * FROM password_change_failures ORDER BY failed_at, rowid',
  ).all<FailureRecord>()
  return results
}

/** Five wrong passwords for the login ID, a minute apart from `start`. */
async function fiveWrongPasswords(client: Client, loginId: string, start: number) {
  for (let i = 0; i < PASSWORD_CHANGE_LOCKOUT.maxFailures; i++) {
    client.clock.now = start + i * MINUTE
    const response = await client.postForm(FORM, changeOf(WRONG_PASSWORD, { loginId }))
    expect(response.status).toBe(422)
  }
}

describe('GET /password/change', () => {
  const fields = [
    { id: 'loginId', type: 'text', autocomplete: 'username' },
    { id: 'password', type: 'password', autocomplete: 'current-password' },
    { id: 'newPassword', type: 'password', autocomplete: 'new-password' },
    { id: 'newPasswordConfirmation', type: 'password', autocomplete: 'new-password' },
  ] as const

  it.each(['ja', 'en'] as const)(
    'labels the login ID, the password and the new password twice, with help and autocomplete hints, in %s',
    async (locale: Locale) => {
      const t = messages(locale)
      const response = await testClient().request(`${FORM}?lang=${locale}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('Cache-Control')).toBe('no-store')
      const page = await readPage(response)
      expect(page.all('html')[0]?.attr('lang')).toBe(locale)
      expect(page.all('h1')[0]?.text).toBe(t.passwordChange.title)

      const labels = {
        loginId: t.fields.loginId,
        password: t.passwordChange.fields.password,
        newPassword: t.passwordChange.fields.newPassword,
        newPasswordConfirmation: t.passwordChange.fields.newPasswordConfirmation,
      }
      for (const { id, type, autocomplete } of fields) {
        const input = page.getById(id)
        expect(input.attr('name')).toBe(id)
        expect(input.attr('type')).toBe(type)
        expect(input.attr('autocomplete')).toBe(autocomplete)
        expect(input.attr('value')).toBe('')
        expect(input.attr('aria-invalid')).toBeUndefined()
        const label = page.all('label').filter((element) => element.attr('for') === id)
        expect(label.map((element) => element.text)).toEqual([labels[id].label])
        const help = page.describedBy(input)
        expect(help.map((element) => element.text)).toEqual([labels[id].help])
        expect(closest(help[0] ?? input, 'details')).toBeDefined()
      }
      expect(page.getById('loginId').attr('inputmode')).toBe('numeric')

      const form = page.all('form')[0]
      expect(form?.attr('method')).toBe('post')
      expect(form?.attr('action')).toBe(`${FORM}?lang=${locale}`)
      expect(page.all('button').map((button) => button.text)).toEqual([t.passwordChange.submit])
      expect(page.all('script')).toEqual([])
      const back = page
        .all('a')
        .find((a) => a.attr('href') === `/password/initialize?lang=${locale}`)
      expect(back?.text).toBe(t.passwordChange.toPasswordInitializationLink)
    },
  )

  it('is the page the initialized-password e-mail links to', async () => {
    const client = testClient()
    await initializedPasswordFor(client)
    const link = client.mailer.sent[0]?.text.match(/https?:\/\/\S+\/password\/change\b/)?.[0]
    expect(link).toBeDefined()
    const response = await client.request(new URL(link ?? '').pathname)
    expect(response.status).toBe(200)
  })
})

describe('a change with the initialized password', () => {
  it('stores a PBKDF2 hash of the new password, uses up the initialized password and revokes the rest', async () => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client)
    client.clock.now = T0 + MINUTE

    const response = await client.postForm(FORM, changeOf(initialized))
    expect(response.status).toBe(303)
    const location = response.headers.get('Location')
    expect(location).toBe('/password/change/done?lang=ja')
    const page = await readPage(await client.request(location ?? ''))
    expect(page.all('h1')[0]?.text).toBe(messages('ja').passwordChange.changed.title)
    expect(page.all('main')[0]?.text).toContain(messages('ja').passwordChange.changed.body)

    const hash = (await currentPasswordHashOf(TARO.loginId)) ?? ''
    expect(hash).not.toBe(DEMO_PASSWORD_HASH)
    expect(hash).not.toContain(NEW_PASSWORD)
    expect(await verifiesAsChosen(NEW_PASSWORD, hash)).toBe(true)
    expect(await verifiesAsChosen(DEMO_PASSWORD, hash)).toBe(false)

    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ used_at: T0 + MINUTE, revoked_at: null })
    expect(await failureRows()).toEqual([])
  })

  it('pins the stored hash at peppered Argon2id, 19 MiB, 2 passes, a 16-byte salt and a 32-byte hash', async () => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    expect((await client.postForm(FORM, changeOf(initialized))).status).toBe(303)

    const hash = (await currentPasswordHashOf(TARO.loginId)) ?? ''
    expect(hash).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1,k=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    )
    const parsed = parseChosenPasswordHash(hash)
    expect(parsed).toMatchObject({ memoryKiB: 19_456, passes: 2, parallelism: 1, keyId: 1 })
    expect(parsed?.salt).toHaveLength(16)
    expect(parsed?.hash).toHaveLength(32)
    // Useless without the pepper.
    expect((await verifyChosenPassword(NEW_PASSWORD, hash, 'x'.repeat(40))).valid).toBe(false)
  })

  it('e-mails the stored address in Japanese that the password was changed, and what to do if it was not them', async () => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client, {
      ...TARO,
      email: 'TARO.KOKU@EXAMPLE.COM',
    })
    const response = await client.postForm(`${FORM}?lang=en`, changeOf(initialized))
    expect(response.status).toBe(303)

    const mails = changedMails(client)
    expect(mails).toHaveLength(1)
    const [mail] = mails
    const m = mailMessages('ja').passwordChanged
    expect(mail?.to).toBe('taro.koku@example.com')
    expect(mail?.subject).toBe('【Example Account Service】パスワード変更のお知らせ')
    for (const part of [mail?.text, mail?.html]) {
      expect(part).toContain(m.changed('*****6789', '2026年11月30日 16:43 (JST)'))
      expect(part).toContain(m.notYou)
      expect(part).toContain('http://localhost:8787/password/initialize')
      expect(part).not.toContain(initialized)
      expect(part).not.toContain(NEW_PASSWORD)
    }
    expect(mail?.html).toContain('href="http://localhost:8787/password/initialize"')
    expect(mail?.html).toContain('<html lang="ja">')
  })

  it('e-mails an English account in English, with the time in UTC', async () => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client, JANE)
    const response = await client.postForm(FORM, changeOf(initialized, { loginId: JANE.loginId }))
    expect(response.status).toBe(303)

    const [mail] = changedMails(client)
    expect(mail?.to).toBe(JANE.email)
    expect(mail?.subject).toBe('[Example Account Service] Your password was changed')
    expect(mail?.text).toContain(
      'The password for login ID *****0111 was changed on 30 November 2026, 07:43 UTC.',
    )
  })

  it('makes the earlier current password stop working', async () => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    expect((await client.postForm(FORM, changeOf(initialized))).status).toBe(303)

    const again = await client.postForm(FORM, changeOf(DEMO_PASSWORD, twice(OTHER_NEW_PASSWORD)))
    expect(again.status).toBe(422)
    expect(errorSummary(await again.text())).toContain(
      messages('ja').passwordChange.errors.wrongPassword,
    )
    expect(
      await verifiesAsChosen(NEW_PASSWORD, (await currentPasswordHashOf(TARO.loginId)) ?? ''),
    ).toBe(true)
  })

  it('works once: a second change with it is refused', async () => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    expect((await client.postForm(FORM, changeOf(initialized))).status).toBe(303)

    const second = await client.postForm(FORM, changeOf(initialized, twice(OTHER_NEW_PASSWORD)))
    expect(second.status).toBe(422)
    const hash = (await currentPasswordHashOf(TARO.loginId)) ?? ''
    expect(await verifiesAsChosen(NEW_PASSWORD, hash)).toBe(true)
    expect(changedMails(client)).toHaveLength(1)
  })

  it('changes the password at most once for concurrent posts with it', async () => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client)
    const newPasswords = [1, 2, 3, 4, 5].map((n) => `${NEW_PASSWORD} number ${n}`)

    const responses = await Promise.all(
      newPasswords.map((newPassword) =>
        client.postForm(FORM, changeOf(initialized, twice(newPassword))),
      ),
    )
    expect(responses.map((response) => response.status).sort()).toEqual([303, 422, 422, 422, 422])

    const hash = (await currentPasswordHashOf(TARO.loginId)) ?? ''
    const verified = await Promise.all(newPasswords.map((p) => verifiesAsChosen(p, hash)))
    expect(verified.filter(Boolean)).toHaveLength(1)
    expect(verified[responses.findIndex((response) => response.status === 303)]).toBe(true)
    expect(changedMails(client)).toHaveLength(1)
    const outcomes = (await auditRows())
      .filter((row) => row.procedure === 'password_change')
      .map((row) => row.outcome)
      .sort()
    expect(outcomes).toEqual(['changed', ...Array(4).fill('wrong_password')])
  })

  it('is refused once it has expired', async () => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client)
    client.clock.now = T0 + 60 * MINUTE

    const response = await client.postForm(FORM, changeOf(initialized))
    expect(response.status).toBe(422)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
    expect((await initializedPasswordRows())[0]?.used_at).toBeNull()
  })

  it('is refused once a newer one has revoked it, while the newer one works', async () => {
    const client = testClient()
    client.clock.now = T0
    const first = await initializedPasswordFor(client)
    client.clock.now = T0 + 6 * MINUTE
    const second = await initializedPasswordFor(client)
    expect((await initializedPasswordRows())[0]?.revoked_reason).toBe('superseded')

    expect((await client.postForm(FORM, changeOf(first))).status).toBe(422)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
    expect((await client.postForm(FORM, changeOf(second))).status).toBe(303)
  })

  it('is never used up by wrong tries: it works after any number of them (SPEC 4.4)', async () => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client)
    // Wrong tries spread out so the login ID lockout (5 within 15 minutes) never starts.
    for (const minutes of [1, 2, 3, 4, 20, 21, 22, 23]) {
      client.clock.now = T0 + minutes * MINUTE
      expect((await client.postForm(FORM, changeOf(WRONG_PASSWORD))).status).toBe(422)
    }
    expect((await initializedPasswordRows())[0]).toMatchObject({ used_at: null, revoked_at: null })

    client.clock.now = T0 + 24 * MINUTE
    expect((await client.postForm(FORM, changeOf(initialized))).status).toBe(303)
    expect((await initializedPasswordRows())[0]?.used_at).toBe(T0 + 24 * MINUTE)
  })
})

describe('a change with the current password (SPEC 4.4)', () => {
  it('works when no initialized password was asked for', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    expect(response.status).toBe(303)
    const hash = (await currentPasswordHashOf(TARO.loginId)) ?? ''
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1,k=1\$/)
    expect(await verifiesAsChosen(NEW_PASSWORD, hash)).toBe(true)
    expect(changedMails(client).map((mail) => mail.to)).toEqual([TARO.email])
  })

  it('works while an initialized password is pending, and revokes that one', async () => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client)
    client.clock.now = T0 + MINUTE

    expect((await client.postForm(FORM, changeOf(DEMO_PASSWORD))).status).toBe(303)
    expect((await initializedPasswordRows())[0]).toMatchObject({
      used_at: null,
      revoked_at: T0 + MINUTE,
      revoked_reason: 'password_changed',
    })
    const withInitialized = await client.postForm(
      FORM,
      changeOf(initialized, twice(OTHER_NEW_PASSWORD)),
    )
    expect(withInitialized.status).toBe(422)
  })
})

describe('the new password (SPEC 5)', () => {
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
      expect(before[0]).toMatchObject({ used_at: null, revoked_at: null })
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
      { loginId: KEN_LOGIN_ID, password: DEMO_PASSWORD },
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
    expect(await currentPasswordHashOf(KEN_LOGIN_ID)).toBe(DEMO_PASSWORD_HASH)
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
      { id: expect.any(String), login_id: TARO.loginId, failed_at: T0 + MINUTE },
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
      expect(await derivationsFor(KEN_LOGIN_ID)).toBe(known)
      // Jane has an initialized password pending; that does not show either.
      expect(await derivationsFor(JANE.loginId)).toBe(known)
    } finally {
      derive.mockRestore()
    }
  })
})

describe('the lockout (SPEC 5)', () => {
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
    expect((await initializedPasswordRows())[0]?.used_at).toBe(T0 + 7 * MINUTE)
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

describe('languages and what the page shows again (SPEC 8)', () => {
  it('writes the errors and the changed page in English on an English page', async () => {
    const client = testClient()
    const wrong = await client.postForm(`${FORM}?lang=en`, changeOf(WRONG_PASSWORD))
    expect(wrong.status).toBe(422)
    const wrongPage = await wrong.text()
    expect(wrongPage).toContain('<html lang="en">')
    expect(errorSummary(wrongPage)).toContain('The login ID or password is not correct')

    const invalid = await client.postForm(
      `${FORM}?lang=en`,
      changeOf(DEMO_PASSWORD, twice('short')),
    )
    expect(errorSummary(await invalid.text())).toContain(
      'New password must be 15 characters or more',
    )

    const changed = await client.postForm(`${FORM}?lang=en`, changeOf(DEMO_PASSWORD))
    expect(changed.status).toBe(303)
    expect(changed.headers.get('Location')).toBe('/password/change/done?lang=en')
    const changedPage = await (await client.request('/password/change/done?lang=en')).text()
    expect(changedPage).toContain('<html lang="en">')
    expect(changedPage).toContain('Your password has been changed')
  })

  it('writes the errors in Japanese on a Japanese page', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD, twice('passwordpassword')))
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toContain('<html lang="ja">')
    expect(errorSummary(page)).toContain(messages('ja').passwordChange.errors.newPassword.common)
  })

  it('never puts a typed password back into the page, only the login ID', async () => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    const typed = {
      password: initialized,
      newPassword: 'first <secret> & "new" one',
      newPasswordConfirmation: 'second <secret> & "new" one',
    }
    const invalid = await client.postForm(FORM, changeOf('', typed))
    const wrong = await client.postForm(
      FORM,
      changeOf(WRONG_PASSWORD, twice('third <secret> & new one')),
    )
    for (const [response, passwords] of [
      [invalid, Object.values(typed)],
      [wrong, [WRONG_PASSWORD, 'third <secret> & new one']],
    ] as const) {
      expect(response.status).toBe(422)
      const page = await response.text()
      for (const password of passwords) {
        expect(page).not.toContain(password)
        expect(page).not.toContain(escapeHtml(password))
        expect(page).not.toContain('secret')
      }
      for (const field of ['password', 'newPassword', 'newPasswordConfirmation']) {
        expect(fieldTag(page, field)).toContain('value=""')
      }
      expect(fieldTag(page, 'loginId')).toContain(`value="${TARO.loginId}"`)
    }
  })
})

describe('security and limits', () => {
  it('refuses a cross-site post with 403 and changes nothing', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD), {
      Origin: 'https://evil.example',
    })
    expect(response.status).toBe(403)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
    expect(await failureRows()).toEqual([])
  })

  it('answers 429 with Retry-After past the per-login-ID limit', async () => {
    const client = testClient({ env: { RATE_LIMIT_PER_LOGIN_ID: '1/3600' } })
    client.clock.now = T0
    expect((await client.postForm(FORM, changeOf(WRONG_PASSWORD))).status).toBe(422)
    const limited = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('answers 503 and sends nothing when D1 is down', async () => {
    const client = testClient({ env: { DB: failingD1() } })
    const logs = captureLogs()
    let response: Response
    try {
      response = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    } finally {
      logs.restore()
    }
    expect(response.status).toBe(503)
    expect(await response.text()).toContain(messages('ja').unavailable.title)
    expect(client.mailer.sent).toEqual([])
  })

  it('keeps the change when the changed-password e-mail fails, and logs the failure', async () => {
    const client = testClient()
    client.mailer.failWith = new Error(`Cannot deliver to ${TARO.email}`)
    const logs = captureLogs()
    let response: Response
    try {
      response = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    } finally {
      logs.restore()
    }
    expect(response.status).toBe(303)
    expect(
      await verifiesAsChosen(NEW_PASSWORD, (await currentPasswordHashOf(TARO.loginId)) ?? ''),
    ).toBe(true)
    const events = logs.lines.map((line) => (JSON.parse(line) as { event: string }).event)
    expect(events).toContain('password_changed_mail_failed')
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['changed'])
  })
})

describe('the audit trail and logs (SPEC 9)', () => {
  it('records one password_change event per submission, with its outcome and no password', async () => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client)
    const posts: Array<{
      post: ChangePost
      status: number
      outcome: string
      loginId: string | null
    }> = [
      {
        post: changeOf(initialized, twice('short')),
        status: 422,
        outcome: 'invalid',
        loginId: TARO.loginId,
      },
      {
        post: changeOf(initialized, { loginId: 'abc' }),
        status: 422,
        outcome: 'invalid',
        loginId: null,
      },
      {
        post: changeOf(WRONG_PASSWORD),
        status: 422,
        outcome: 'wrong_password',
        loginId: TARO.loginId,
      },
      {
        post: changeOf(DEMO_PASSWORD, { loginId: UNKNOWN_LOGIN_ID }),
        status: 422,
        outcome: 'no_match',
        loginId: UNKNOWN_LOGIN_ID,
      },
      {
        post: changeOf(DEMO_PASSWORD, { loginId: KEN_LOGIN_ID }),
        status: 422,
        outcome: 'inactive',
        loginId: KEN_LOGIN_ID,
      },
      { post: changeOf(initialized), status: 303, outcome: 'changed', loginId: TARO.loginId },
    ]
    const requestIds: Array<string | null> = []
    for (const { post, status } of posts) {
      const response = await client.postForm(FORM, post)
      expect(response.status).toBe(status)
      requestIds.push(response.headers.get('X-Request-Id'))
    }
    await fiveWrongPasswords(client, JANE.loginId, T0 + MINUTE)
    client.clock.now = T0 + 6 * MINUTE
    const locked = await client.postForm(FORM, changeOf(DEMO_PASSWORD, { loginId: JANE.loginId }))
    expect(locked.status).toBe(429)
    const limitedClient = testClient({ env: { RATE_LIMIT_PER_IP: '1/600' } })
    await limitedClient.postForm(FORM, changeOf(WRONG_PASSWORD), {
      'CF-Connecting-IP': '192.0.2.9',
    })
    const limited = await limitedClient.postForm(FORM, changeOf(WRONG_PASSWORD), {
      'CF-Connecting-IP': '192.0.2.9',
    })
    expect(limited.status).toBe(429)

    // Refused posts (422 invalid, 429 rate limited) are counted, not written one row each.
    const audited = posts.flatMap((post, i) => (post.outcome === 'invalid' ? [] : [{ ...post, i }]))
    const rows = (await auditRows()).filter((row) => row.procedure === 'password_change')
    expect(
      rows.slice(0, audited.length).map((row) => [row.outcome, row.login_id, row.request_id]),
    ).toEqual(audited.map(({ outcome, loginId, i }) => [outcome, loginId, requestIds[i]]))
    expect(rows.slice(audited.length).map((row) => [row.outcome, row.login_id])).toEqual([
      ...Array(5).fill(['wrong_password', JANE.loginId]),
      ['locked_out', JANE.loginId],
      ['wrong_password', TARO.loginId],
    ])
    expect((await refusedRows()).map((row) => [row.procedure, row.outcome, row.count])).toEqual([
      ['password_change', 'invalid', 2],
      ['password_change', 'rate_limited', 1],
    ])
    const recorded = JSON.stringify(await auditRows())
    for (const password of [initialized, NEW_PASSWORD, WRONG_PASSWORD, DEMO_PASSWORD, 'short']) {
      expect(recorded).not.toContain(password)
    }
  })

  it('logs none of the passwords of a full run', async () => {
    const logs = captureLogs()
    const client = testClient()
    const passwords = [NEW_PASSWORD, OTHER_NEW_PASSWORD, WRONG_PASSWORD, DEMO_PASSWORD]
    try {
      client.clock.now = T0
      const initialized = await initializedPasswordFor(client)
      passwords.push(initialized)
      await client.postForm(FORM, changeOf(initialized, twice('passwordpassword')))
      await client.postForm(FORM, changeOf(initialized, twice(initialized)))
      await client.postForm(FORM, changeOf(WRONG_PASSWORD))
      await client.postForm(FORM, changeOf(initialized))
      client.mailer.failWith = new Error(`Cannot deliver to ${TARO.email} (${NEW_PASSWORD})`)
      await client.postForm(FORM, changeOf(NEW_PASSWORD, twice(OTHER_NEW_PASSWORD)))
      client.mailer.failWith = undefined
      await fiveWrongPasswords(client, UNKNOWN_LOGIN_ID, T0 + MINUTE)
      await client.postForm(FORM, changeOf(DEMO_PASSWORD, { loginId: UNKNOWN_LOGIN_ID }))
      await client.postForm(FORM, changeOf(DEMO_PASSWORD), { Origin: 'https://evil.example' })
      await testClient({ env: { DB: failingD1() } }).postForm(FORM, changeOf(DEMO_PASSWORD))
      await runScheduled(T0 + 2 * 24 * HOUR)
    } finally {
      logs.restore()
    }
    expect(
      await verifiesAsChosen(OTHER_NEW_PASSWORD, (await currentPasswordHashOf(TARO.loginId)) ?? ''),
    ).toBe(true)
    const events = logs.lines.map((line) => (JSON.parse(line) as { event: string }).event)
    expect(events).toContain('password_changed_mail_failed')
    expect(events).toContain('password_change_failed')
    expect(logs.lines.length).toBeGreaterThan(10)
    for (const line of logs.lines) {
      for (const password of passwords) {
        expect(line, `a log line holds "${password}"`).not.toContain(password)
      }
    }
  })
})

describe('the daily retention', () => {
  it('deletes wrong password change tries older than a day and keeps younger ones', async () => {
    for (const [id, failedAt] of [
      ['two-days-old', T0 - 48 * HOUR],
      ['a-day-and-a-minute-old', T0 - 24 * HOUR - MINUTE],
      ['an-hour-old', T0 - HOUR],
    ] as const) {
      await env.DB.prepare(
        'INSERT INTO password_change_failures (id, login_id, failed_at) VALUES (?, ?, ?)',
      )
        .bind(id, TARO.loginId, failedAt)
        .run()
    }
    await runScheduled(T0)
    expect((await failureRows()).map((row) => row.id)).toEqual(['an-hour-old'])
  })
})

describe('the list of common passwords', () => {
  it('compares after NFKC and in lower case', () => {
    for (const common of [
      'passwordpassword',
      'PASSWORDPASSWORD',
      'ｐａｓｓｗｏｒｄｐａｓｓｗｏｒｄ',
      '1qaz2wsx3edc4rfv',
    ]) {
      expect(isCommonPassword(common), common).toBe(true)
    }
    expect(isCommonPassword(NEW_PASSWORD)).toBe(false)
  })
})
