import { beforeEach, describe, expect, it } from 'vitest'
import { messages } from '../../../src/i18n'
import type { OutgoingMail } from '../../../src/platform/mailer'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import {
  HANAKO_CONTACT,
  JANE_CONTACT,
  KEN_CONTACT,
  MINUTE,
  observable,
  TARO_CONTACT,
} from '../../support/fixtures'
import { readPage } from '../../support/html'
import { auditRows, expectNoneOf, insertAccount, loginIdNotificationRows } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const PATH = '/login-id/notify'
const SENT_JA = '/login-id/notify/sent?lang=ja'
const T0 = Date.UTC(2026, 10, 30, 0, 0, 0)

type ContactForm = Record<string, string | string[]>

/** Hanako's contact with the phone typed in international form, as people also do. */
const HANAKO_INTERNATIONAL = { ...HANAKO_CONTACT, phoneNumber: '+81 3-1234-5678' }

/** Fragments of every demo contact that must never land in a table. */
const PERSONAL_DATA = [
  '@',
  'taro',
  'koku',
  '9012345678',
  'hanako',
  'sora',
  '312345678',
  'jane',
  '4155550123',
  'ken',
  'yama',
  '9011112222',
]

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

describe('the per-address cap on login ID notifications', () => {
  it('sends nothing for a second request within 5 minutes, and sends again after them', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(PATH, TARO_CONTACT)).status).toBe(303)

    client.clock.now = T0 + 5 * MINUTE - 1_000
    const capped = await client.postForm(PATH, TARO_CONTACT)
    expect(capped.status).toBe(303)
    expect(capped.headers.get('Location')).toBe(SENT_JA)
    expect(client.mailer.sent).toHaveLength(1)

    client.clock.now = T0 + 5 * MINUTE + 1_000
    expect((await client.postForm(PATH, TARO_CONTACT)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(2)
  })

  it('counts the stored address, whatever case it was typed in', async () => {
    const client = testClient()
    client.clock.now = T0
    await client.postForm(PATH, TARO_CONTACT)
    client.clock.now = T0 + MINUTE
    await client.postForm(PATH, {
      ...TARO_CONTACT,
      email: 'TARO.KOKU@EXAMPLE.COM',
      name: 'koku taro',
    })

    expect(client.mailer.sent).toHaveLength(1)
  })

  it('keeps the cap of one address from holding back another', async () => {
    const client = testClient()
    client.clock.now = T0
    await client.postForm(PATH, TARO_CONTACT)
    await client.postForm(PATH, JANE_CONTACT)

    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([
      'taro.koku@example.com',
      'jane.doe@example.org',
    ])
  })

  it('sends at most 5 e-mails to one address in 24 hours', async () => {
    const client = testClient()
    for (let i = 0; i < 7; i++) {
      client.clock.now = T0 + i * 10 * MINUTE
      const response = await client.postForm(PATH, TARO_CONTACT)
      expect(response.status).toBe(303)
      expect(response.headers.get('Location')).toBe(SENT_JA)
    }
    expect(client.mailer.sent).toHaveLength(5)

    client.clock.now = T0 + 24 * 60 * MINUTE - 1_000
    await client.postForm(PATH, TARO_CONTACT)
    expect(client.mailer.sent).toHaveLength(5)

    client.clock.now = T0 + 24 * 60 * MINUTE + 1_000
    await client.postForm(PATH, TARO_CONTACT)
    expect(client.mailer.sent).toHaveLength(6)
  })

  it('sends one e-mail when two requests arrive at once', async () => {
    const client = testClient()
    client.clock.now = T0
    const responses = await Promise.all([
      client.postForm(PATH, TARO_CONTACT),
      client.postForm(PATH, { ...TARO_CONTACT, name: 'KOKU Taro' }),
    ])
    expect(responses.map((response) => response.status)).toEqual([303, 303])

    expect(client.mailer.sent).toHaveLength(1)
    expect(await loginIdNotificationRows()).toHaveLength(1)
  })

  it('keeps a hash of the address and never the address itself', async () => {
    const client = testClient()
    client.clock.now = T0
    await client.postForm(PATH, TARO_CONTACT)

    const rows = await loginIdNotificationRows()
    expect(rows).toHaveLength(1)
    const [row] = rows
    expect(row?.recipientHash).toMatch(/^[0-9a-f]{64}$/)
    expect(row?.sentAt).toBe(T0)
    expect(row?.deliveryState).toBe('sent')
    expectNoneOf(row ?? {}, PERSONAL_DATA)
  })

  it('still answers with the confirmation and records the failure when the mailer fails', async () => {
    const client = testClient()
    client.mailer.failWith = new Error('x')
    const response = await client.postForm(PATH, TARO_CONTACT)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(SENT_JA)

    const rows = await loginIdNotificationRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.deliveryState).toBe('failed')
    expectNoneOf(rows[0] ?? {}, PERSONAL_DATA)
  })
})

describe('POST /login-id/notify with invalid input', () => {
  const en = messages('en').errors

  /** Posts in English and checks the form came back with exactly these fields in error. */
  async function expectFormBack(fields: ContactForm, errors: Record<string, string>) {
    const client = testClient()
    const response = await client.postForm(`${PATH}?lang=en`, fields)
    expect(response.status).toBe(422)
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
    const page = await readPage(response)

    const summary = page.elements.find((element) => element.attr('role') === 'alert')
    expect(summary?.attr('class')).toBe('error-summary')
    const links = summary?.descendants().filter((element) => element.tag === 'a') ?? []
    expect(links.map((link) => link.attr('href'))).toEqual(
      Object.keys(errors).map((field) => `#${field}`),
    )
    for (const [field, message] of Object.entries(errors)) {
      expect(links.find((link) => link.attr('href') === `#${field}`)?.text).toBe(message)
      const control = page.getById(field)
      expect(control.attr('aria-invalid')).toBe('true')
      const description = page.describedBy(control).map((element) => element.text)
      expect(description).toContain(message)
    }
    const [form] = page.all('form')
    expect(page.elements.indexOf(summary ?? page.getById('main'))).toBeLessThan(
      page.elements.indexOf(form ?? page.getById('main')),
    )

    expect(client.mailer.sent).toEqual([])
    expect(await loginIdNotificationRows()).toEqual([])
    return page
  }

  const invalidPosts: Array<{ why: string; fields: ContactForm; errors: Record<string, string> }> =
    [
      {
        why: 'the name is missing',
        fields: { phoneCountry: 'JP', phoneNumber: '09012345678', email: TARO_CONTACT.email },
        errors: { name: en.name.required },
      },
      {
        why: 'the name is empty',
        fields: { ...TARO_CONTACT, name: '' },
        errors: { name: en.name.required },
      },
      {
        why: 'the name is only spaces',
        fields: { ...TARO_CONTACT, name: ' \u3000 ' },
        errors: { name: en.name.required },
      },
      {
        why: 'the name has no space',
        fields: { ...TARO_CONTACT, name: 'TaroKOKU' },
        errors: { name: en.name.no_space },
      },
      {
        why: 'the name holds a format character',
        fields: { ...TARO_CONTACT, name: 'Taro\u200bKOKU x' },
        errors: { name: en.name.control_characters },
      },
      {
        why: 'the name is over 100 characters',
        fields: { ...TARO_CONTACT, name: `Taro ${'K'.repeat(100)}` },
        errors: { name: en.name.too_long },
      },
      {
        why: 'the phone number has letters',
        fields: { ...TARO_CONTACT, phoneNumber: '090-abcd-5678' },
        errors: { phoneNumber: en.phoneNumber.format },
      },
      {
        why: 'the phone number is too short for the country',
        fields: { ...TARO_CONTACT, phoneNumber: '090' },
        errors: { phoneNumber: en.phoneNumber.not_possible },
      },
      {
        why: 'the country is unknown',
        fields: { ...TARO_CONTACT, phoneCountry: 'ZZ' },
        errors: { phoneCountry: en.phoneCountry.unknown_country },
      },
      {
        why: 'the e-mail has no @',
        fields: { ...TARO_CONTACT, email: 'taro.koku.example.com' },
        errors: { email: en.email.format },
      },
      {
        why: 'the name is posted twice',
        fields: { ...TARO_CONTACT, name: ['Taro KOKU', 'Jiro KOKU'] },
        errors: { name: en.name.invalid_type },
      },
      {
        why: 'the e-mail is posted twice',
        fields: { ...TARO_CONTACT, email: [TARO_CONTACT.email, TARO_CONTACT.email] },
        errors: { email: en.email.invalid_type },
      },
      {
        why: 'every field is wrong',
        fields: { name: 'x', phoneCountry: 'JP', phoneNumber: 'call me', email: 'nope' },
        errors: {
          name: en.name.no_space,
          phoneNumber: en.phoneNumber.format,
          email: en.email.format,
        },
      },
    ]
  for (const { why, fields, errors } of invalidPosts) {
    it(`shows the form again with each error linked to its field when ${why}`, async () => {
      await expectFormBack(fields, errors)
    })
  }

  it('keeps what was typed, escaped, and runs none of it', async () => {
    const name = '"><script>alert(1)</script>'
    const email = 'x\'"><img src=x onerror=alert(1)>@example.com'
    const page = await expectFormBack(
      { name, phoneCountry: 'US', phoneNumber: '(415) 555-0123', email },
      { name: en.name.no_space, email: en.email.format },
    )

    expect(page.all('script')).toEqual([])
    expect(page.all('img')).toEqual([])
    expect(page.getById('name').attr('value')).toBe(name)
    expect(page.getById('email').attr('value')).toBe(email)
    expect(page.getById('phoneNumber').attr('value')).toBe('(415) 555-0123')
    const selected = page.all('option').filter((option) => option.attr('selected') !== undefined)
    expect(selected.map((option) => option.attr('value'))).toEqual(['US'])
  })

  it('shows the errors in Japanese when the page is Japanese', async () => {
    const client = testClient()
    const response = await client.postForm(PATH, { ...TARO_CONTACT, name: 'TaroKOKU' })
    expect(response.status).toBe(422)
    const page = await readPage(response)

    expect(page.all('html')[0]?.attr('lang')).toBe('ja')
    expect(page.getById('name-error').text).toBe(messages('ja').errors.name.no_space)
    expect(page.all('form')[0]?.attr('action')).toBe('/login-id/notify?lang=ja')
    expect(client.mailer.sent).toEqual([])
  })
})

describe('audit events of login ID notifications', () => {
  const submissions: Array<{ who: string; outcome: string; fields: ContactForm }> = [
    { who: 'an individual matches', outcome: 'sent', fields: TARO_CONTACT },
    { who: 'an organization contact matches', outcome: 'sent', fields: HANAKO_INTERNATIONAL },
    {
      who: 'the name differs',
      outcome: 'no_match',
      fields: { ...TARO_CONTACT, name: 'Jiro KOKU' },
    },
    {
      who: 'the e-mail differs',
      outcome: 'no_match',
      fields: { ...JANE_CONTACT, email: 'jane@example.org' },
    },
    { who: 'the only account is locked', outcome: 'inactive', fields: KEN_CONTACT },
  ]
  for (const { who, outcome, fields } of submissions) {
    it(`records one "${outcome}" event without personal data when ${who}`, async () => {
      const client = testClient()
      client.clock.now = T0
      const response = await client.postForm(PATH, fields)
      expect(response.status).toBe(303)

      const events = await auditRows()
      expect(events).toHaveLength(1)
      const [event] = events
      expect(event).toMatchObject({
        procedure: 'login_id_notification',
        outcome,
        loginId: null,
        occurredAt: T0,
        requestId: response.headers.get('X-Request-Id'),
      })
      expectNoneOf(event ?? {}, [...PERSONAL_DATA, '123456789', '98765432', '555000111'])
    })
  }

  it('records a capped request as "cooldown"', async () => {
    const client = testClient()
    client.clock.now = T0
    await client.postForm(PATH, TARO_CONTACT)
    client.clock.now = T0 + MINUTE
    await client.postForm(PATH, TARO_CONTACT)

    const events = await auditRows()
    expect(events.map((event) => [event.procedure, event.outcome, event.loginId])).toEqual([
      ['login_id_notification', 'sent', null],
      ['login_id_notification', 'cooldown', null],
    ])
    for (const event of events) expectNoneOf(event, PERSONAL_DATA)
  })

  it('records a failed delivery as "mail_failed"', async () => {
    const client = testClient()
    client.mailer.failWith = new Error('x')
    await client.postForm(PATH, TARO_CONTACT)

    const events = await auditRows()
    expect(events.map((event) => [event.procedure, event.outcome, event.loginId])).toEqual([
      ['login_id_notification', 'mail_failed', null],
    ])
    expectNoneOf(events[0] ?? {}, PERSONAL_DATA)
  })
})
