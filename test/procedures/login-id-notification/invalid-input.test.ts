import { beforeEach, describe, expect, it } from 'vitest'
import { messages } from '../../../src/i18n'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { TARO_CONTACT } from '../../support/fixtures'
import { readPage } from '../../support/html'
import type { ContactForm } from '../../support/login-id-notification'
import { loginIdNotificationRows } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const PATH = '/login-id/notify'

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
