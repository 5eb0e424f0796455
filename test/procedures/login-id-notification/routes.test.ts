import { beforeEach, describe, expect, it } from 'vitest'
import type { OutgoingMail } from '../../../src/platform/mailer'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { JANE_CONTACT, KEN_CONTACT, observable, TARO_CONTACT } from '../../support/fixtures'
import { type ContactForm, HANAKO_INTERNATIONAL } from '../../support/login-id-notification'
import { insertAccount, loginIdNotificationRows } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const PATH = '/login-id/notify'

const SENT_JA = '/login-id/notify/sent?lang=ja'

/** The login IDs a notification lists: the lines of its text part that are nine digits. */
const listedLoginIds = (mail: OutgoingMail | undefined) =>
  (mail?.text ?? '')
    .split('\n')
    .map((line) => line.trim().match(/^([0-9]{9})(?: \(.+\))?$/)?.[1])
    .filter((loginId) => loginId !== undefined)

const mailLanguage = (mail: OutgoingMail | undefined) =>
  mail?.html.match(/<html lang="([a-z]+)"/)?.[1]

describe('POST /login-id/notify with matching details', () => {
  const variants: Array<{ variant: string; fields: ContactForm }> = [
    { variant: 'exactly as registered', fields: TARO_CONTACT },
    { variant: 'with the family name first', fields: { ...TARO_CONTACT, name: 'KOKU Taro' } },
    { variant: 'with a lower-case name', fields: { ...TARO_CONTACT, name: 'taro koku' } },
    {
      variant: 'with a full-width space in the name',
      fields: { ...TARO_CONTACT, name: 'Taro\u3000KOKU' },
    },
    {
      variant: 'with an upper-case e-mail',
      fields: { ...TARO_CONTACT, email: 'TARO.KOKU@EXAMPLE.COM' },
    },
    {
      variant: 'with a hyphenated phone number',
      fields: { ...TARO_CONTACT, phoneNumber: '090-1234-5678' },
    },
    {
      variant: 'with an international number overriding the country',
      fields: { ...TARO_CONTACT, phoneCountry: 'US', phoneNumber: '+81 90 1234 5678' },
    },
  ]
  for (const { variant, fields } of variants) {
    it(`e-mails the login ID in Japanese to the stored address for details ${variant}`, async () => {
      const client = testClient()
      const response = await client.postForm(PATH, fields)
      expect(response.status).toBe(303)
      expect(response.headers.get('Location')).toBe(SENT_JA)

      expect(client.mailer.sent).toHaveLength(1)
      const [mail] = client.mailer.sent
      expect(mail?.to).toBe('taro.koku@example.com')
      expect(listedLoginIds(mail)).toEqual(['123456789'])
      expect(mail?.html).toContain('123456789')
      expect(mailLanguage(mail)).toBe('ja')
      expect(mail?.subject).toContain('ログインID')
    })
  }

  it('sends one e-mail listing both login IDs of an organization contact with two accounts', async () => {
    const client = testClient()
    const response = await client.postForm(PATH, HANAKO_INTERNATIONAL)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(SENT_JA)

    expect(client.mailer.sent).toHaveLength(1)
    const [mail] = client.mailer.sent
    expect(mail?.to).toBe('it-admin@example.co.jp')
    expect(listedLoginIds(mail)).toEqual(['987654321', '987654322'])
    expect(mail?.html).toContain('987654321')
    expect(mail?.html).toContain('987654322')
    const rows = await loginIdNotificationRows()
    expect(rows).toHaveLength(1)
  })

  it("writes in the page's language, the subject also in the account's (docs/decisions/024-e-mail-language.md)", async () => {
    const client = testClient()
    const response = await client.postForm(PATH, JANE_CONTACT)
    expect(response.status).toBe(303)

    expect(client.mailer.sent).toHaveLength(1)
    const [mail] = client.mailer.sent
    expect(mail?.to).toBe('jane.doe@example.org')
    expect(listedLoginIds(mail)).toEqual(['555000111'])
    expect(mailLanguage(mail)).toBe('ja')
    expect(mail?.subject).toMatch(/ログインID.* \/ .*Login ID notification/)
  })

  it("writes the e-mail in the page's language, not the account's", async () => {
    const client = testClient()
    const response = await client.postForm(`${PATH}?lang=en`, TARO_CONTACT)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/login-id/notify/sent?lang=en')

    expect(mailLanguage(client.mailer.sent[0])).toBe('en')
  })

  it('lists only the active login ID when the contact also has a locked account', async () => {
    await insertAccount({ loginId: '111222333', status: 'locked' })
    const client = testClient()
    const response = await client.postForm(PATH, TARO_CONTACT)
    expect(response.status).toBe(303)

    expect(client.mailer.sent).toHaveLength(1)
    expect(listedLoginIds(client.mailer.sent[0])).toEqual(['123456789'])
    expect(client.mailer.sent[0]?.text).not.toContain('111222333')
    expect(client.mailer.sent[0]?.html).not.toContain('111222333')
  })

  it('ignores a posted login ID and lists the accounts the contact matches', async () => {
    const client = testClient()
    const response = await client.postForm(PATH, { ...TARO_CONTACT, loginId: '444000222' })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(SENT_JA)

    expect(listedLoginIds(client.mailer.sent[0])).toEqual(['123456789'])
  })

  it('ignores unknown fields, even ones that would be invalid', async () => {
    const client = testClient()
    const response = await client.postForm(PATH, {
      ...TARO_CONTACT,
      loginId: 'not-a-login-id',
      extra: '',
    })
    expect(response.status).toBe(303)

    expect(client.mailer.sent).toHaveLength(1)
  })
})

describe('POST /login-id/notify without a match', () => {
  const mismatches: Array<{ why: string; fields: ContactForm }> = [
    { why: 'the name differs', fields: { ...TARO_CONTACT, name: 'Jiro KOKU' } },
    { why: 'the phone number differs', fields: { ...TARO_CONTACT, phoneNumber: '09012345679' } },
    { why: 'the e-mail differs', fields: { ...TARO_CONTACT, email: 'taro@example.com' } },
    {
      why: 'the person is unknown',
      fields: {
        name: 'Nobody Known',
        phoneCountry: 'JP',
        phoneNumber: '08000000000',
        email: 'nobody@example.com',
      },
    },
    { why: "the contact's only account is locked", fields: KEN_CONTACT },
  ]
  for (const { why, fields } of mismatches) {
    it(`answers like a match and sends nothing when ${why}`, async () => {
      const client = testClient()
      const response = await client.postForm(PATH, fields)
      expect(response.status).toBe(303)
      expect(response.headers.get('Location')).toBe(SENT_JA)
      const mismatch = await observable(response)

      expect(client.mailer.sent).toEqual([])
      expect(await loginIdNotificationRows()).toEqual([])

      const match = await observable(await testClient().postForm(PATH, TARO_CONTACT))
      expect(mismatch).toEqual(match)
    })
  }

  it('never puts the login ID of a locked account in any e-mail', async () => {
    const client = testClient()
    for (const fields of [
      KEN_CONTACT,
      { ...KEN_CONTACT, name: 'YAMA Ken' },
      TARO_CONTACT,
      HANAKO_INTERNATIONAL,
      JANE_CONTACT,
    ]) {
      const response = await client.postForm(PATH, fields)
      expect(response.status).toBe(303)
    }

    expect(client.mailer.sent).toHaveLength(3)
    for (const mail of client.mailer.sent) {
      expect(mail.to).not.toBe('ken.yama@example.net')
      expect(`${mail.subject}${mail.text}${mail.html}`).not.toContain('444000222')
    }
  })

  it('sends nothing to a contact whose only account is closed', async () => {
    await insertAccount({
      loginId: '777888999',
      status: 'closed',
      contactGivenName: 'Shiro',
      contactFamilyName: 'Kawa',
      contactPhone: '+819099998888',
      contactEmail: 'shiro.kawa@example.jp',
    })
    const client = testClient()
    const response = await client.postForm(PATH, {
      name: 'Shiro Kawa',
      phoneCountry: 'JP',
      phoneNumber: '090-9999-8888',
      email: 'shiro.kawa@example.jp',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(SENT_JA)

    expect(client.mailer.sent).toEqual([])
  })
})
