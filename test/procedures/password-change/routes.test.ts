import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  parseChosenPasswordHash,
  verifyChosenPassword,
} from '../../../src/credentials/chosen-password'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { type Locale, messages } from '../../../src/i18n'
import { mailMessages } from '../../../src/i18n/mail'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { JANE, MINUTE, T0, TARO } from '../../support/fixtures'
import { errorSummary } from '../../support/form-page'
import { closest, readPage } from '../../support/html'
import {
  changedMails,
  changeOf,
  FORM,
  initializedPasswordFor,
  NEW_PASSWORD,
  OTHER_NEW_PASSWORD,
  twice,
  verifiesAsChosen,
  WRONG_PASSWORD,
} from '../../support/password-change'
import {
  auditRows,
  currentPasswordHashOf,
  failureRows,
  initializedPasswordRows,
} from '../../support/rows'

beforeEach(resetToDemoAccounts)

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
        newPassword: {
          label: t.passwordChange.fields.newPassword.label,
          help: t.passwordChange.fields.newPassword.help(15, 128),
        },
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
        expect(closest(help[0] ?? input, 'details')).toBeUndefined()
      }
      expect(page.getById('loginId').attr('inputmode')).toBe('numeric')

      const form = page.all('form')[0]
      expect(form?.attr('method')).toBe('post')
      expect(form?.attr('action')).toBe(`${FORM}?lang=${locale}`)
      expect(page.all('button').map((button) => button.text)).toEqual([t.passwordChange.submit])
      // Only the optional show/hide script (test/views/password-toggle.test.ts), never inline.
      expect(
        page.all('script').map((script) => [script.attr('src')?.split('?')[0], script.text]),
      ).toEqual([['/assets/password-toggle.js', '']])
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
    expect(link).toBe(`${env.PUBLIC_BASE_URL}/password/change`)
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
    expect(rows[0]).toMatchObject({ usedAt: T0 + MINUTE, revokedAt: null })
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
    expect((await initializedPasswordRows())[0]?.usedAt).toBeNull()
  })

  it('stays usable when a newer one is issued; using either revokes the other', async () => {
    const client = testClient()
    client.clock.now = T0
    const first = await initializedPasswordFor(client)
    client.clock.now = T0 + 6 * MINUTE
    const second = await initializedPasswordFor(client)
    expect((await initializedPasswordRows()).map((row) => row.revokedAt)).toEqual([null, null])

    expect((await client.postForm(FORM, changeOf(first))).status).toBe(303)
    const [used, other] = await initializedPasswordRows()
    expect(used?.usedAt).not.toBeNull()
    expect(other).toMatchObject({ revokedReason: 'password_changed', usedAt: null })
    expect((await client.postForm(FORM, changeOf(second))).status).toBe(422)
  })

  it('is never used up by wrong tries: it works after any number of them', async () => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client)
    // Wrong tries spread out so the login ID lockout (5 within 15 minutes) never starts.
    for (const minutes of [1, 2, 3, 4, 20, 21, 22, 23]) {
      client.clock.now = T0 + minutes * MINUTE
      expect((await client.postForm(FORM, changeOf(WRONG_PASSWORD))).status).toBe(422)
    }
    expect((await initializedPasswordRows())[0]).toMatchObject({ usedAt: null, revokedAt: null })

    client.clock.now = T0 + 24 * MINUTE
    expect((await client.postForm(FORM, changeOf(initialized))).status).toBe(303)
    expect((await initializedPasswordRows())[0]?.usedAt).toBe(T0 + 24 * MINUTE)
  })
})

describe('a change with the current password (docs/contract.md#password-change)', () => {
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
      usedAt: null,
      revokedAt: T0 + MINUTE,
      revokedReason: 'password_changed',
    })
    const withInitialized = await client.postForm(
      FORM,
      changeOf(initialized, twice(OTHER_NEW_PASSWORD)),
    )
    expect(withInitialized.status).toBe(422)
  })
})
