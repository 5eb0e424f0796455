import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { INITIALIZED_PASSWORD_ALPHABET } from '../src/credentials/generate'
import { verifyInitializedPassword } from '../src/credentials/keyed-hash'
import { DEMO_PASSWORD_HASH } from '../src/db/demo-accounts'
import { messages } from '../src/i18n'
import type { FormField } from '../src/procedures/contact-form'
import { testClient } from './support/client'
import { resetToDemoAccounts, TARO } from './support/demo'
import { HANAKO, HOUR, JANE, KEN, KUNI, MINUTE, observable } from './support/fixtures'
import { errorSummary, escapeHtml, fieldTag } from './support/form-page'
import {
  auditRows,
  currentPasswordHashOf,
  initializedPasswordIn,
  initializedPasswordRows,
} from './support/initialized-password-rows'

beforeEach(resetToDemoAccounts)

const INITIALIZED_PASSWORD_KEY = env.INITIALIZED_PASSWORD_KEY
/** Whether the stored hash is the e-mailed password's, under the test key. */
const verifiesAsInitialized = (password: string, hash: string | undefined) =>
  verifyInitializedPassword(password, hash ?? '', INITIALIZED_PASSWORD_KEY)

const FORM = '/password/initialize'
const SENT = '/password/initialize/sent'
/** 16:43 in Japan: an initialized password issued then expires at 17:43 JST. */
const T0 = Date.parse('2026-11-30T07:43:00Z')

type FormPost = Record<string, string | string[]>

/** Taro's correct details with some fields replaced. */
const taro = (changes: FormPost = {}): FormPost => ({ ...TARO, ...changes })

/** Taro's correct details without one field. */
const taroWithout = (field: keyof typeof TARO): FormPost =>
  Object.fromEntries(Object.entries(TARO).filter(([name]) => name !== field))

describe('POST /password/initialize', () => {
  it('e-mails an initialized password whose hash alone is stored when all four fields match', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, TARO)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=ja')

    expect(client.mailer.sent).toHaveLength(1)
    const [mail] = client.mailer.sent
    expect(mail?.to).toBe('taro.koku@example.com')
    const password = initializedPasswordIn(mail)
    expect(password).toBeDefined()

    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    const [row] = rows
    expect(row?.delivery_state).toBe('sent')
    expect(row?.password_hash).not.toContain(password)
    expect(await verifiesAsInitialized(password ?? '', row?.password_hash)).toBe(true)
  })
})

describe('matching the four fields (SPEC 3)', () => {
  const variants: Array<{ variant: string; post: FormPost; to: string; subject: string }> = [
    { variant: 'typed as registered', post: taro(), to: TARO.email, subject: 'パスワード初期化' },
    ...[
      ['"Taro KOKU"', { name: 'Taro KOKU' }],
      ['"taro koku"', { name: 'taro koku' }],
      ['"KOKU Taro"', { name: 'KOKU Taro' }],
      ['a two-byte space in the name', { name: 'Taro\u3000KOKU' }],
      ['a full-width name', { name: 'Ｔａｒｏ\u3000ＫＯＫＵ' }],
      ['spaces and tabs around and between', { name: ' \tTaro \t  KOKU\t ' }],
      ['a line break between the names', { name: 'Taro\r\nKOKU' }],
      ['spaces around the login ID', { loginId: ' 123456789 ' }],
      ['the e-mail address in upper case', { email: 'TARO.KOKU@EXAMPLE.COM' }],
      ['spaces around the e-mail address', { email: '  taro.koku@example.com\t' }],
      ['a phone number with hyphens', { phoneNumber: '090-1234-5678' }],
      ['a phone number with dots and parentheses', { phoneNumber: '(090).1234.5678' }],
      ['a phone number with the long vowel marks an IME types', { phoneNumber: '090ー1234ー5678' }],
      ['a phone number without the trunk 0', { phoneNumber: '9012345678' }],
      ['a phone number with +81', { phoneNumber: '+81 90 1234 5678' }],
      [
        'a +81 number while another country is selected',
        { phoneCountry: 'US', phoneNumber: '+81 90-1234-5678' },
      ],
      ['a lower-case country code', { phoneCountry: 'jp' }],
      ['full-width digits in the phone number', { phoneNumber: '０９０－１２３４－５６７８' }],
      ['full-width digits in the login ID', { loginId: '１２３４５６７８９' }],
    ].map(([variant, changes]) => ({
      variant: `Taro with ${variant}`,
      post: taro(changes as FormPost),
      to: TARO.email,
      subject: 'パスワード初期化',
    })),
    {
      variant: 'an organization contact as "Hanako Sora"',
      post: HANAKO,
      to: HANAKO.email,
      subject: 'パスワード初期化',
    },
    {
      variant: 'an organization contact as "SORA Hanako" with 0312345678',
      post: { ...HANAKO, name: 'SORA Hanako', phoneNumber: '0312345678' },
      to: HANAKO.email,
      subject: 'パスワード初期化',
    },
    {
      variant: 'a US number typed with +1 while Japan is selected',
      post: { ...JANE, phoneCountry: 'JP', phoneNumber: '+1 415-555-0123' },
      to: JANE.email,
      subject: 'Your initialized password',
    },
    {
      variant: 'a US number typed as (415) 555-0123',
      post: JANE,
      to: JANE.email,
      subject: 'Your initialized password',
    },
    {
      variant: 'a kanji name as "国 太郎"',
      post: KUNI,
      to: KUNI.email,
      subject: 'パスワード初期化',
    },
    {
      variant: 'a kanji name as "太郎 国"',
      post: { ...KUNI, name: '太郎\u3000国' },
      to: KUNI.email,
      subject: 'パスワード初期化',
    },
  ]

  it.each(variants)(
    'matches and e-mails the stored address once for $variant',
    async ({ post, to, subject }) => {
      const client = testClient()
      const response = await client.postForm(FORM, post)
      expect(response.status).toBe(303)
      expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=ja')

      expect(client.mailer.sent).toHaveLength(1)
      expect(client.mailer.sent[0]?.to).toBe(to)
      expect(client.mailer.sent[0]?.subject).toContain(subject)
      const rows = await initializedPasswordRows()
      expect(rows.map((row) => row.login_id)).toEqual([
        String(post.loginId).normalize('NFKC').trim(),
      ])
    },
  )

  it('issues for the login ID typed when one contact has several accounts', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, { ...HANAKO, loginId: '987654322' })
    expect(response.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([HANAKO.email])
    expect((await initializedPasswordRows()).map((row) => row.login_id)).toEqual(['987654322'])
  })

  it('never matches a dotless ı to an i', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, { ...HANAKO, email: 'ıt-admin@example.co.jp' })
    // Either a field error or the usual answer, but never an e-mail.
    expect([303, 422]).toContain(response.status)
    expect(client.mailer.sent).toHaveLength(0)
    expect(await initializedPasswordRows()).toHaveLength(0)
  })
})

describe('answers a mismatch exactly like a match (SPEC 4.3)', () => {
  const mismatches: Array<{ what: string; post: FormPost }> = [
    { what: 'the login ID of another account', post: taro({ loginId: '555000111' }) },
    { what: 'a different name', post: taro({ name: 'Jiro KOKU' }) },
    {
      what: 'only the given name swapped for the family name twice',
      post: taro({ name: 'Koku Koku' }),
    },
    { what: 'a different phone number', post: taro({ phoneNumber: '09012345679' }) },
    {
      what: 'a different, valid country',
      post: taro({ phoneCountry: 'US', phoneNumber: '9012345678' }),
    },
    { what: 'a different e-mail address', post: taro({ email: 'taro.koku@example.net' }) },
    { what: 'an unknown login ID', post: taro({ loginId: '111111111' }) },
    { what: 'a locked account with its correct details', post: KEN },
  ]

  it.each(mismatches)('sends nothing and answers as for a match given $what', async ({ post }) => {
    const client = testClient()
    const mismatch = await client.postForm(FORM, post)
    expect(mismatch.status).toBe(303)
    const mismatchAnswer = await observable(mismatch)
    const sentPageAfterMismatch = await observable(
      await client.request(mismatch.headers.get('Location') ?? SENT),
    )
    expect(client.mailer.sent).toHaveLength(0)
    expect(await initializedPasswordRows()).toHaveLength(0)

    const matching = testClient()
    const match = await matching.postForm(FORM, TARO)
    expect(match.status).toBe(303)
    const matchAnswer = await observable(match)
    const sentPageAfterMatch = await observable(
      await matching.request(match.headers.get('Location') ?? SENT),
    )
    expect(matching.mailer.sent).toHaveLength(1)

    expect(mismatchAnswer).toEqual(matchAnswer)
    expect(mismatchAnswer.body).toBe('')
    expect(sentPageAfterMismatch.status).toBe(200)
    expect(sentPageAfterMismatch).toEqual(sentPageAfterMatch)
  })
})

describe('invalid input (SPEC 3, 4.1, 8)', () => {
  const nameOf101Characters = `${'a'.repeat(50)} ${'b'.repeat(50)}`
  const emailOf255Characters = `${'a'.repeat(243)}@example.com`

  const invalid: Array<{ problem: string; post: FormPost; field: FormField; code: string }> = (
    [
      ['the login ID is missing', taroWithout('loginId'), 'loginId', 'required'],
      ['the login ID is empty', taro({ loginId: '' }), 'loginId', 'required'],
      ['the login ID is white space', taro({ loginId: ' \t\u3000 ' }), 'loginId', 'required'],
      ['the login ID has 8 digits', taro({ loginId: '12345678' }), 'loginId', 'format'],
      ['the login ID has 10 digits', taro({ loginId: '1234567890' }), 'loginId', 'format'],
      ['the login ID has letters', taro({ loginId: '12345678a' }), 'loginId', 'format'],
      ['the login ID has a space inside', taro({ loginId: '1234 56789' }), 'loginId', 'format'],
      [
        'the login ID is given twice',
        taro({ loginId: [TARO.loginId, '555000111'] }),
        'loginId',
        'invalid_type',
      ],
      ['the name is missing', taroWithout('name'), 'name', 'required'],
      ['the name is empty', taro({ name: '' }), 'name', 'required'],
      ['the name is white space', taro({ name: '\u3000 \t' }), 'name', 'required'],
      ['the name has no space', taro({ name: 'TaroKOKU' }), 'name', 'no_space'],
      ['the name has 101 characters', taro({ name: nameOf101Characters }), 'name', 'too_long'],
      [
        'the name has a control character',
        taro({ name: 'Taro\u0007 KOKU' }),
        'name',
        'control_characters',
      ],
      [
        'the name has a format character',
        taro({ name: 'Taro\u200b KOKU' }),
        'name',
        'control_characters',
      ],
      ['the name is given twice', taro({ name: [TARO.name, TARO.name] }), 'name', 'invalid_type'],
      ['the country is missing', taroWithout('phoneCountry'), 'phoneCountry', 'required'],
      ['the country is unknown', taro({ phoneCountry: 'XX' }), 'phoneCountry', 'unknown_country'],
      [
        'the country is not a code',
        taro({ phoneCountry: 'Japan' }),
        'phoneCountry',
        'unknown_country',
      ],
      [
        'the country is given twice',
        taro({ phoneCountry: ['JP', 'US'] }),
        'phoneCountry',
        'invalid_type',
      ],
      ['the phone number is missing', taroWithout('phoneNumber'), 'phoneNumber', 'required'],
      ['the phone number is empty', taro({ phoneNumber: '' }), 'phoneNumber', 'required'],
      ['the phone number is white space', taro({ phoneNumber: '  ' }), 'phoneNumber', 'required'],
      [
        'the phone number has letters',
        taro({ phoneNumber: '090-abcd-5678' }),
        'phoneNumber',
        'format',
      ],
      [
        'the phone number is impossible',
        taro({ phoneNumber: '123' }),
        'phoneNumber',
        'not_possible',
      ],
      [
        'the phone number is given twice',
        taro({ phoneNumber: ['0901234567', '8'] }),
        'phoneNumber',
        'invalid_type',
      ],
      ['the e-mail address is missing', taroWithout('email'), 'email', 'required'],
      ['the e-mail address is empty', taro({ email: '' }), 'email', 'required'],
      ['the e-mail address is white space', taro({ email: ' \t ' }), 'email', 'required'],
      ['the e-mail address has no @', taro({ email: 'taro.koku.example.com' }), 'email', 'format'],
      [
        'the e-mail address has 255 characters',
        taro({ email: emailOf255Characters }),
        'email',
        'too_long',
      ],
      [
        'the e-mail address has a control character',
        taro({ email: `${TARO.email}\u0007` }),
        'email',
        'control_characters',
      ],
      [
        'the e-mail address is given twice',
        taro({ email: [TARO.email, TARO.email] }),
        'email',
        'invalid_type',
      ],
    ] as const
  ).map(([problem, post, field, code]) => ({ problem, post, field, code }))

  it.each(invalid)(
    'shows the form again with one linked error when $problem',
    async ({ post, field, code }) => {
      const client = testClient()
      const response = await client.postForm(FORM, post)
      expect(response.status).toBe(422)
      expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
      expect(response.headers.get('Location')).toBeNull()
      const page = await response.text()

      const summary = errorSummary(page)
      expect(summary).toContain('role="alert"')
      expect(summary?.match(/href="#[^"]*"/g)).toEqual([`href="#${field}"`])
      expect(fieldTag(page, field)).toContain('aria-invalid="true"')
      expect(fieldTag(page, field)).toMatch(new RegExp(`aria-describedby="[^"]*\\b${field}-error"`))
      expect(page.match(/aria-invalid="true"/g)).toHaveLength(1)
      const texts: Partial<Record<string, string>> = messages('ja').errors[field]
      const message = texts[code]
      expect(message).toBeDefined()
      expect(summary).toContain(escapeHtml(message ?? ''))
      expect(page).toContain(
        `<p id="${field}-error" class="field-error">${escapeHtml(message ?? '')}</p>`,
      )

      for (const kept of ['loginId', 'name', 'phoneNumber', 'email'] as const) {
        const value = post[kept]
        const typed = Array.isArray(value) ? value[0] : value
        if (typed !== undefined)
          expect(fieldTag(page, kept)).toContain(`value="${escapeHtml(typed)}"`)
      }

      expect(client.mailer.sent).toHaveLength(0)
      expect(await initializedPasswordRows()).toHaveLength(0)
    },
  )

  it('accepts a 100-character name and a 254-character e-mail address', async () => {
    const client = testClient()
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`
    expect(email).toHaveLength(254)
    const response = await client.postForm(
      FORM,
      taro({ name: `${'a'.repeat(50)} ${'b'.repeat(49)}`, email }),
    )
    expect(response.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(0)
  })

  it('lists every invalid field in page order, each linking to its field', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, {})
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(errorSummary(page)?.match(/href="#[^"]*"/g)).toEqual([
      'href="#loginId"',
      'href="#name"',
      'href="#phoneCountry"',
      'href="#phoneNumber"',
      'href="#email"',
    ])
    for (const field of ['loginId', 'name', 'phoneCountry', 'phoneNumber', 'email']) {
      expect(fieldTag(page, field)).toContain('aria-invalid="true"')
    }
    expect(client.mailer.sent).toHaveLength(0)
  })

  it('writes the errors in English on an English page', async () => {
    const client = testClient()
    const response = await client.postForm(`${FORM}?lang=en`, taro({ loginId: '12345678' }))
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toContain('<html lang="en">')
    expect(errorSummary(page)).toContain('Enter the login ID as nine digits, like 123456789')
  })

  it('writes the errors in Japanese on a Japanese page', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, taro({ name: 'TaroKOKU' }))
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toContain('<html lang="ja">')
    expect(errorSummary(page)).toContain('姓と名の間にスペースを入力してください')
  })

  it('escapes every typed value it shows again', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, {
      loginId: '"><script>alert(1)</script>',
      name: '<script>alert(1)</script> x',
      phoneCountry: '"><script>alert(2)</script>',
      phoneNumber: "0'9<0>",
      email: 'a"b@example.com',
    })
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).not.toContain('<script')
    expect(fieldTag(page, 'name')).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt; x"')
    expect(fieldTag(page, 'loginId')).toContain(
      'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
    )
    expect(fieldTag(page, 'phoneNumber')).toContain('value="0&#39;9&lt;0&gt;"')
    expect(fieldTag(page, 'email')).toContain('value="a&quot;b@example.com"')
    expect(client.mailer.sent).toHaveLength(0)
    expect(await initializedPasswordRows()).toHaveLength(0)
  })

  it('escapes a valid name shown again beside an invalid field', async () => {
    const client = testClient()
    const response = await client.postForm(
      FORM,
      taro({ name: '<b>Taro</b> & KOKU', phoneNumber: '123' }),
    )
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).not.toContain('<b>Taro')
    expect(fieldTag(page, 'name')).toContain('value="&lt;b&gt;Taro&lt;/b&gt; &amp; KOKU"')
  })

  it('ignores form fields it does not know and still issues on a match', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, {
      ...TARO,
      nickname: 'Taro',
      phone: '+14155550123',
      to: 'attacker@example.org',
    })
    expect(response.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
    expect(await initializedPasswordRows()).toHaveLength(1)
  })
})

describe('the initialized password (SPEC 4.4)', () => {
  it('e-mails 20 characters from the alphabet without look-alikes, with every character class', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const password = initializedPasswordIn(client.mailer.sent[0]) ?? ''
    expect(password).toHaveLength(20)
    for (const character of password) expect(INITIALIZED_PASSWORD_ALPHABET).toContain(character)
    expect(password).toMatch(/[A-Z]/)
    expect(password).toMatch(/[a-z]/)
    expect(password).toMatch(/[0-9]/)
    expect(client.mailer.sent[0]?.html).toContain(password)
  })

  it('stores only a salted HMAC-SHA-256 under the secret key, in a PHC-style string', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const password = initializedPasswordIn(client.mailer.sent[0]) ?? ''
    const [row] = await initializedPasswordRows()
    const hash = row?.password_hash ?? ''
    // 16 bytes of salt, 32 bytes of MAC, base64 without padding.
    expect(hash).toMatch(/^\$hmac-sha256\$v=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(await verifyInitializedPassword(password, hash, INITIALIZED_PASSWORD_KEY)).toBe(true)
    expect(await verifyInitializedPassword(`${password}x`, hash, INITIALIZED_PASSWORD_KEY)).toBe(
      false,
    )
    // Useless without the key.
    expect(await verifyInitializedPassword(password, hash, 'another-key')).toBe(false)
    expect(JSON.stringify(row)).not.toContain(password)
    expect(JSON.stringify(await auditRows())).not.toContain(password)
    expect(row).toMatchObject({ used_at: null, revoked_at: null })
  })

  it('is valid for 60 minutes from its issue by default', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const [row] = await initializedPasswordRows()
    expect(row?.issued_at).toBe(T0)
    expect((row?.expires_at ?? 0) - (row?.issued_at ?? 0)).toBe(60 * MINUTE)
    expect(client.mailer.sent[0]?.text).toContain('2026年11月30日 17:43 (JST)')
  })

  it('follows INITIALIZED_PASSWORD_TTL_MINUTES in the row, the e-mail and the confirmation page', async () => {
    const client = testClient({ env: { INITIALIZED_PASSWORD_TTL_MINUTES: '15' } })
    client.clock.now = T0
    const response = await client.postForm(FORM, TARO)
    expect(response.status).toBe(303)
    const [row] = await initializedPasswordRows()
    expect((row?.expires_at ?? 0) - (row?.issued_at ?? 0)).toBe(15 * MINUTE)
    expect(client.mailer.sent[0]?.text).toContain('2026年11月30日 16:58 (JST)')
    expect(client.mailer.sent[0]?.html).toContain('2026年11月30日 16:58 (JST)')

    const sentPage = await client.request(response.headers.get('Location') ?? SENT)
    expect(sentPage.status).toBe(200)
    expect(await sentPage.text()).toContain(messages('ja').passwordInitialization.sent.validity(15))
  })
})

describe('revocation and caps (SPEC 4.4, 4.7)', () => {
  it('sends nothing within 5 minutes of an issue and answers the same', async () => {
    const client = testClient()
    client.clock.now = T0
    const first = await observable(await client.postForm(FORM, TARO))
    client.clock.now = T0 + 5 * MINUTE - 1000
    const second = await observable(await client.postForm(FORM, TARO))

    expect(second.status).toBe(303)
    expect(second).toEqual(first)
    expect(client.mailer.sent).toHaveLength(1)
    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.revoked_at).toBeNull()
  })

  it('issues a new one after 5 minutes and revokes the earlier unused one, keeping the current password', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)

    client.clock.now = T0 + 5 * MINUTE + 1000
    expect((await client.postForm(FORM, TARO)).status).toBe(303)

    expect(client.mailer.sent).toHaveLength(2)
    const [earlier, later] = await initializedPasswordRows()
    expect(earlier).toMatchObject({
      revoked_at: T0 + 5 * MINUTE + 1000,
      revoked_reason: 'superseded',
      used_at: null,
    })
    expect(later).toMatchObject({ revoked_at: null, revoked_reason: null, delivery_state: 'sent' })
    const laterPassword = initializedPasswordIn(client.mailer.sent[1]) ?? ''
    expect(await verifiesAsInitialized(laterPassword, later?.password_hash)).toBe(true)
    expect(initializedPasswordIn(client.mailer.sent[0])).not.toBe(laterPassword)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('issues at most 5 in 24 hours, however far apart, and again once 24 hours have passed', async () => {
    const client = testClient()
    // An hour apart, so the cap met is the one in D1 and not the per-login-ID edge limit (SPEC 6).
    const spacing = HOUR + MINUTE
    for (let issue = 0; issue < 5; issue++) {
      client.clock.now = T0 + issue * spacing
      expect((await client.postForm(FORM, TARO)).status).toBe(303)
    }
    expect(client.mailer.sent).toHaveLength(5)

    client.clock.now = T0 + 5 * spacing
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    client.clock.now = T0 + 24 * HOUR - MINUTE
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(5)
    expect(await initializedPasswordRows()).toHaveLength(5)

    client.clock.now = T0 + 24 * HOUR + 1000
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(6)
    expect(await initializedPasswordRows()).toHaveLength(6)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('counts the cap per account, not per contact', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, HANAKO)).status).toBe(303)
    expect((await client.postForm(FORM, { ...HANAKO, loginId: '987654322' })).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(2)
    expect((await initializedPasswordRows()).map((row) => row.login_id).sort()).toEqual([
      '987654321',
      '987654322',
    ])
  })

  it('issues exactly one initialized password for concurrent posts', async () => {
    const client = testClient()
    client.clock.now = T0
    // Five, the per-login-ID edge limit (SPEC 6), so every post reaches the D1 cap.
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => client.postForm(FORM, TARO)),
    )
    expect(responses.map((response) => response.status)).toEqual(Array(5).fill(303))
    expect(client.mailer.sent).toHaveLength(1)
    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.revoked_at).toBeNull()
    const outcomes = (await auditRows()).map((row) => row.outcome).sort()
    expect(outcomes).toEqual(['cooldown', 'cooldown', 'cooldown', 'cooldown', 'issued'])
  })
})

describe('the e-mail (SPEC 4.5)', () => {
  it('goes to the stored address, never the typed string', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, taro({ email: 'TARO.KOKU@EXAMPLE.COM' }))).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    const [mail] = client.mailer.sent
    expect(mail?.to).toBe('taro.koku@example.com')
    expect(JSON.stringify(mail)).not.toContain('TARO.KOKU@EXAMPLE.COM')
    expect(JSON.stringify(mail)).not.toContain('KOKU')
  })

  it("is written in the account's locale, not the request's", async () => {
    const client = testClient()
    const response = await client.postForm(`${FORM}?lang=en`, TARO, {
      'Accept-Language': 'en-US,en;q=0.9',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=en')
    const [mail] = client.mailer.sent
    expect(mail?.subject).toBe('【Example Account Service】パスワード初期化のお知らせ')
    expect(mail?.html).toContain('<html lang="ja">')
    expect(mail?.text).toContain('現在のパスワードは引き続きご利用いただけます')
  })

  it('is written in English for an English account, with the expiry in UTC', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(`${FORM}?lang=ja`, JANE)).status).toBe(303)
    const [mail] = client.mailer.sent
    expect(mail?.subject).toBe('[Example Account Service] Your initialized password')
    expect(mail?.html).toContain('<html lang="en">')
    expect(mail?.text).toContain('30 November 2026, 08:43 UTC')
    expect(mail?.text).toContain('*****0111')
    expect(mail?.text).toContain('your current password still works')
  })

  it('masks the login ID and names the expiry with its time zone', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const [mail] = client.mailer.sent
    for (const part of [mail?.text, mail?.html]) {
      expect(part).toContain('*****6789')
      expect(part).toContain('2026年11月30日 17:43 (JST)')
      expect(part).not.toContain('123456789')
    }
    expect(mail?.subject).not.toContain('123456789')
  })

  it('has a text and an HTML part, both carrying the initialized password', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const [mail] = client.mailer.sent
    const password = initializedPasswordIn(mail) ?? ''
    expect(password).toHaveLength(20)
    expect(mail?.text).not.toContain('<')
    expect(mail?.html).toMatch(/^<!doctype html>/)
    expect(mail?.html).toContain(`>${password}</code>`)
  })

  it('links to the password change page on the configured public URL, whatever Host the request names', async () => {
    const client = testClient({ env: { PUBLIC_BASE_URL: 'https://accounts.example.com' } })
    const response = await client.postForm('http://evil.example/password/initialize', TARO, {
      Host: 'evil.example',
      'X-Forwarded-Host': 'evil.example',
      'X-Forwarded-Proto': 'http',
      Forwarded: 'host=evil.example;proto=http',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=ja')

    const [mail] = client.mailer.sent
    const password = initializedPasswordIn(mail) ?? ''
    expect(mail?.text).toContain('https://accounts.example.com/password/change')
    const links = [
      ...(mail?.text.match(/https?:\/\/[^\s"'<>]+/g) ?? []),
      ...(mail?.html.match(/https?:\/\/[^\s"'<>]+/g) ?? []),
    ]
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) expect(link).toBe('https://accounts.example.com/password/change')
    expect(mail?.html).toContain('href="https://accounts.example.com/password/change"')
    expect(JSON.stringify(mail)).not.toContain('evil.example')
    expect(links.join(' ')).not.toContain(password)
  })
})

describe('a failing mail binding (SPEC 4.6)', () => {
  it('revokes the initialized password nobody received and still answers as on delivery', async () => {
    const failing = testClient()
    failing.mailer.failWith = new Error('could not deliver to taro.koku@example.com')
    const failed = await observable(await failing.postForm(FORM, TARO))
    expect(failed.status).toBe(303)
    expect((await initializedPasswordRows())[0]?.revoked_reason).toBe('mail_failed')

    await resetToDemoAccounts()
    const delivering = testClient()
    const delivered = await observable(await delivering.postForm(FORM, TARO))
    expect(delivering.mailer.sent).toHaveLength(1)
    expect(failed).toEqual(delivered)
  })

  it('leaves the row revoked as mail_failed with a reason that names no address', async () => {
    const client = testClient()
    client.clock.now = T0
    client.mailer.failWith = new Error('could not deliver to taro.koku@example.com')
    expect((await client.postForm(FORM, TARO)).status).toBe(303)

    expect(client.mailer.sent).toHaveLength(0)
    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      revoked_at: T0,
      revoked_reason: 'mail_failed',
      delivery_state: 'failed',
    })
    expect(rows[0]?.delivery_error).toEqual(expect.any(String))
    expect(rows[0]?.delivery_error).not.toMatch(/@|taro|example/i)
  })

  it('keeps an earlier, delivered initialized password when the next send fails', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const delivered = initializedPasswordIn(client.mailer.sent[0]) ?? ''

    client.clock.now = T0 + 6 * MINUTE
    client.mailer.failWith = new Error('boom')
    expect((await client.postForm(FORM, TARO)).status).toBe(303)

    const [earlier, failed] = await initializedPasswordRows()
    expect(earlier).toMatchObject({ revoked_at: null, delivery_state: 'sent' })
    expect(await verifiesAsInitialized(delivered, earlier?.password_hash)).toBe(true)
    expect(failed).toMatchObject({ revoked_reason: 'mail_failed', delivery_state: 'failed' })
    expect(failed?.revoked_at).not.toBeNull()
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })
})

describe('the audit trail (SPEC 9)', () => {
  const cases: Array<{ outcome: string; posts: FormPost[]; loginId: string; mailFails?: boolean }> =
    [
      { outcome: 'issued', posts: [TARO], loginId: '123456789' },
      { outcome: 'no_match', posts: [taro({ name: 'Jiro KOKU' })], loginId: '123456789' },
      { outcome: 'no_match', posts: [taro({ loginId: '111111111' })], loginId: '111111111' },
      { outcome: 'inactive', posts: [KEN], loginId: '444000222' },
      { outcome: 'cooldown', posts: [TARO, TARO], loginId: '123456789' },
      { outcome: 'mail_failed', posts: [TARO], loginId: '123456789', mailFails: true },
    ]

  /** The submitted name parts, national phone digits and e-mail address, in lower case. */
  const personalDataOf = (post: FormPost): string[] => [
    ...String(post.name).toLowerCase().split(' '),
    String(post.phoneNumber).replace(/\D/g, '').replace(/^0/, ''),
    String(post.email).toLowerCase(),
    '@',
  ]

  it.each(cases)(
    'records $outcome for login ID $loginId without personal data',
    async ({ outcome, posts, loginId, mailFails }) => {
      const client = testClient()
      client.clock.now = T0
      if (mailFails) client.mailer.failWith = new Error('boom')
      let requestId: string | null = null
      for (const post of posts) {
        const response = await client.postForm(FORM, post)
        expect(response.status).toBe(303)
        requestId = response.headers.get('X-Request-Id')
      }

      const rows = await auditRows()
      expect(rows).toHaveLength(posts.length)
      const last = rows.at(-1)
      expect(last).toMatchObject({
        procedure: 'password_initialization',
        outcome,
        login_id: loginId,
        occurred_at: T0,
      })
      expect(requestId).toEqual(expect.any(String))
      expect(last?.request_id).toBe(requestId)
      const recorded = JSON.stringify(rows).toLowerCase()
      for (const fragment of posts.flatMap(personalDataOf)) {
        expect(recorded).not.toContain(fragment)
      }
    },
  )
})

describe('languages (SPEC 8)', () => {
  it('keeps the language in the redirect after a post with ?lang=en', async () => {
    const client = testClient()
    const response = await client.postForm(`${FORM}?lang=en`, taro({ loginId: '111111111' }))
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=en')
    const sentPage = await client.request('/password/initialize/sent?lang=en')
    expect(sentPage.status).toBe(200)
    const page = await sentPage.text()
    expect(page).toContain('<html lang="en">')
    expect(page).toContain('Check your e-mail')
  })

  it('shows the form in English to a browser that prefers English', async () => {
    const client = testClient()
    const response = await client.request(FORM, {
      headers: { 'Accept-Language': 'en-US,en;q=0.9' },
    })
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page).toContain('<html lang="en">')
    expect(page).toContain('Procedure to be performed when you forget your password')
  })

  it('shows the form in Japanese when nothing asks for another language', async () => {
    const client = testClient()
    const response = await client.request(FORM)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<html lang="ja">')
  })

  it('remembers ?lang=ja in a cookie that outranks Accept-Language', async () => {
    const client = testClient()
    const response = await client.request(`${FORM}?lang=ja`, {
      headers: { 'Accept-Language': 'en' },
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<html lang="ja">')
    const [cookie] = response.headers.getSetCookie()
    expect(cookie).toMatch(/^__Host-lang=ja;/)
    expect(cookie).toMatch(/Path=\//)
    expect(cookie).toMatch(/HttpOnly/)

    const again = await client.request(FORM, {
      headers: { 'Accept-Language': 'en', Cookie: '__Host-lang=ja' },
    })
    expect(again.status).toBe(200)
    expect(await again.text()).toContain('<html lang="ja">')
  })

  it('redirects in the language of the cookie when the post names none', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, TARO, { Cookie: '__Host-lang=en' })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=en')
  })
})
