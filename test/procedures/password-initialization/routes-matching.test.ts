import { beforeEach, describe, expect, it } from 'vitest'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import {
  type FormPost,
  HANAKO,
  JANE,
  KEN,
  KUNI,
  observable,
  TARO,
  taro,
} from '../../support/fixtures'
import { errorSummary } from '../../support/form-page'
import { INITIALIZED_PASSWORD_PATTERN, initializedPasswordIn } from '../../support/recording-mailer'
import { initializedPasswordRows, insertAccount, verifiesAsInitialized } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const FORM = '/password/initialize'

const SENT = '/password/initialize/sent'

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
    expect(password).toMatch(INITIALIZED_PASSWORD_PATTERN)

    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    const [row] = rows
    expect(row?.deliveryState).toBe('sent')
    expect(row?.passwordHash).not.toContain(password)
    expect(await verifiesAsInitialized(password ?? '', row?.passwordHash)).toBe(true)
  })
})

describe('matching the four fields (docs/contract.md#matching-the-four-fields)', () => {
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
      expect(rows.map((row) => row.loginId)).toEqual([
        String(post.loginId).normalize('NFKC').trim(),
      ])
    },
  )

  it('issues for the login ID typed when one contact has several accounts', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, { ...HANAKO, loginId: '987654322' })
    expect(response.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([HANAKO.email])
    expect((await initializedPasswordRows()).map((row) => row.loginId)).toEqual(['987654322'])
  })

  it('never matches a dotless ı to an i', async () => {
    const client = testClient()
    // In an e-mail address it is no ASCII, so the address is refused as malformed.
    const inEmail = await client.postForm(FORM, { ...HANAKO, email: 'ıt-admin@example.co.jp' })
    expect(inEmail.status).toBe(422)
    expect(errorSummary(await inEmail.text())?.match(/href="#[^"]*"/g)).toEqual(['href="#email"'])
    // In a name it is valid, and answered like any mismatch.
    await insertAccount({ loginId: '100000002', status: 'active', contactGivenName: 'Jim' })
    const inName = await client.postForm(FORM, taro({ loginId: '100000002', name: 'Jım KOKU' }))
    expect(inName.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(0)
    expect(await initializedPasswordRows()).toHaveLength(0)
  })
})

describe('answers a mismatch exactly like a match (docs/contract.md#one-answer-for-every-outcome)', () => {
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
