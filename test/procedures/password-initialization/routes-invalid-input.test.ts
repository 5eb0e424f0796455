import { beforeEach, describe, expect, it } from 'vitest'
import { messages } from '../../../src/i18n'
import type { FormField } from '../../../src/procedures/contact-form'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { type FormPost, TARO, taro, taroWithout } from '../../support/fixtures'
import { errorSummary, escapeHtml, fieldTag } from '../../support/form-page'
import { initializedPasswordRows } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const FORM = '/password/initialize'

describe('invalid input (docs/contract.md#validating-a-submission)', () => {
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

      // What was typed comes back (the first of a repeated field; nothing for a missing one).
      for (const kept of ['loginId', 'name', 'phoneNumber', 'email'] as const) {
        const value = post[kept]
        const typed = Array.isArray(value) ? value[0] : value
        expect(fieldTag(page, kept)).toContain(`value="${escapeHtml(typed ?? '')}"`)
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
