import { beforeEach, describe, expect, it } from 'vitest'
import { messages } from '../../src/i18n'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { closest, type HtmlDocument, type HtmlElement, readPage } from '../support/html'
import { expectNoScript, getPage, h1, htmlLang } from '../support/pages'

beforeEach(resetToDemoAccounts)

/** The languages whose help notes are the seed page's; test/i18n/pages.test.ts covers the rest. */
const LOCALES = ['ja', 'en'] as const

/** The hint text a control's aria-describedby points at, and whether a disclosure hides it. */
function helpOf(page: HtmlDocument, control: HtmlElement) {
  return page
    .describedBy(control)
    .flatMap((element) =>
      element.attr('id')?.endsWith('-help')
        ? [{ text: element.text, hidden: closest(element, 'details') !== undefined }]
        : [],
    )
}

const FIELD_HINTS = [
  { id: 'loginId', autocomplete: 'username', inputmode: 'numeric' },
  { id: 'name', autocomplete: 'name', inputmode: 'text' },
  { id: 'phoneNumber', autocomplete: 'tel-national', inputmode: 'tel' },
  { id: 'email', autocomplete: 'email', inputmode: 'email' },
] as const

/** The seed page's "インフォメーション" notes, and their Japanese pages' equivalents. */
const HELP: Record<(typeof LOCALES)[number], { summary: string; texts: Record<string, RegExp> }> = {
  en: {
    summary: 'Information',
    texts: {
      loginId: /^Enter the ID \(nine digits\) of the issued account\.$/,
      name: /^Enter a two-byte or one-byte space between "Family name" and "First name"\..*Taro KOKU/,
      phoneNumber: /^Enter a phone number with which we can contact the person in charge\.$/,
      email: /^Enter an e-mail address with which we can contact the person in charge\.$/,
    },
  },
  ja: {
    summary: 'インフォメーション',
    texts: {
      loginId: /^発行されたアカウントのID（9桁の数字）を入力してください。$/,
      name: /「姓」と「名」の間に全角または半角のスペースを入力してください。/,
      phoneNumber: /^ご担当者様に連絡可能な電話番号を入力してください。$/,
      email: /^ご担当者様に連絡可能なメールアドレスを入力してください。$/,
    },
  },
}

describe('GET /', () => {
  it('redirects to the password initialization', async () => {
    const response = await testClient().request('/', { redirect: 'manual' })
    expect(response.status).toBeGreaterThanOrEqual(301)
    expect(response.status).toBeLessThan(400)
    expect(response.headers.get('Location')).toBe('/password/initialize')
  })

  it('remembers a requested language for the page it redirects to', async () => {
    const response = await testClient().request('/?lang=en', { redirect: 'manual' })
    expect(response.status).toBeLessThan(400)
    expect(response.headers.get('Set-Cookie')).toMatch(/^__Host-lang=en;/)
  })
})

describe.each(LOCALES)('GET /password/initialize in %s', (locale) => {
  const path = `/password/initialize?lang=${locale}`
  const t = messages(locale)

  it('labels each of the four fields and gives it autocomplete and inputmode hints', async () => {
    const { page } = await getPage(path)
    const labels = page.all('label')

    for (const { id, autocomplete, inputmode } of FIELD_HINTS) {
      const input = page.getById(id)
      expect(input.tag).toBe('input')
      expect(input.attr('name')).toBe(id)
      expect(input.attr('autocomplete')).toBe(autocomplete)
      expect(input.attr('inputmode')).toBe(inputmode)
      expect(labels.filter((label) => label.attr('for') === id)).toHaveLength(1)
    }
    const labelText = (id: string) => labels.find((label) => label.attr('for') === id)?.text
    expect(labelText('loginId')).toBe(t.fields.loginId.label)
    expect(labelText('name')).toBe(t.fields.name.label)
    expect(labelText('email')).toBe(t.fields.email.label)
    expect(labelText('phoneCountry')).toBe(t.fields.phone.countryLabel)
    expect(labelText('phoneNumber')).toBe(t.fields.phone.numberLabel)
    const phoneGroup = closest(page.getById('phoneNumber'), 'fieldset')
    expect(phoneGroup?.children.find((child) => child.tag === 'legend')?.text).toBe(
      t.fields.phone.legend,
    )
  })

  it("shows each field's help as visible hint text tied with aria-describedby, behind no toggle", async () => {
    const { page } = await getPage(path)

    for (const [id, text] of Object.entries(HELP[locale].texts)) {
      const help = helpOf(page, page.getById(id))
      expect(help, `help of ${id}`).toHaveLength(1)
      expect(help[0]?.text).toMatch(text)
      expect(help[0]?.hidden).toBe(false)
      expect(page.all('details')).toEqual([])
    }
  })

  it('lists every country or region with its calling code, Japan first and selected', async () => {
    const { page } = await getPage(path)
    const select = page.getById('phoneCountry')
    expect(select.tag).toBe('select')
    expect(select.attr('name')).toBe('phoneCountry')
    const options = select.descendants().filter((element) => element.tag === 'option')

    expect(options.length).toBeGreaterThanOrEqual(200)
    const values = options.map((option) => option.attr('value'))
    expect(new Set(values).size).toBe(options.length)
    expect(values[0]).toBe('JP')
    expect(options[0]?.text).toMatch(/\(\+81\)$/)
    const selected = options.filter((option) => option.attr('selected') !== undefined)
    expect(selected.map((option) => option.attr('value'))).toEqual(['JP'])
    for (const option of options) expect(option.text).toMatch(/\S \(\+[0-9]{1,4}\)$/)
    expect(options.find((option) => option.attr('value') === 'US')?.text).toMatch(/\(\+1\)$/)
    expect(options.find((option) => option.attr('value') === 'GB')?.text).toMatch(/\(\+44\)$/)
  })

  it('says whose details to enter in a two-line note above the fields, the rest once at the foot', async () => {
    const { page } = await getPage(path)
    const precautions = t.passwordInitialization.precautions
    const note = page.all('p').find((element) => element.attr('class') === 'form-note')
    expect(note?.text).toBe(precautions.note.join(''))
    expect(note?.children.filter((element) => element.tag === 'br')).toHaveLength(1)
    const [form] = page.all('form')
    expect(page.elements.indexOf(note as HtmlElement)).toBeLessThan(
      page.elements.indexOf(form as HtmlElement),
    )
    const section = page.all('section').find((element) => element.attr('class') === 'precautions')
    const items = section?.descendants().filter((element) => element.tag === 'li') ?? []
    expect(items.map((item) => item.text)).toEqual(precautions.items)
    expect(new Set(items.map((item) => item.text)).size).toBe(items.length)
    expect(section?.descendants().filter((element) => element.tag === 'h3')).toEqual([])
    expect(page.elements.indexOf(section as HtmlElement)).toBeGreaterThan(
      page.elements.indexOf(form as HtmlElement),
    )
  })

  it('links to the login ID notification', async () => {
    const { page } = await getPage(path)
    const links = page.all('a').filter((a) => a.attr('href') === `/login-id/notify?lang=${locale}`)
    expect(links).toHaveLength(1)
    expect(links[0]?.text).toBe(t.passwordInitialization.forgotLoginIdLink)
  })

  it('posts the fields with a submit button and works without JavaScript', async () => {
    const { page } = await getPage(path)
    const forms = page.all('form')
    expect(forms).toHaveLength(1)
    const [form] = forms
    expect(form?.attr('method')?.toLowerCase()).toBe('post')
    expect(form?.attr('action')).toBe(`/password/initialize?lang=${locale}`)
    for (const id of ['loginId', 'name', 'phoneCountry', 'phoneNumber', 'email']) {
      expect(closest(page.getById(id), 'form'), id).toBe(form)
    }
    const buttons = form?.descendants().filter((element) => element.tag === 'button') ?? []
    expect(buttons.map((button) => [button.attr('type'), button.text])).toEqual([
      ['submit', t.passwordInitialization.submit],
    ])
    expectNoScript(page)
  })
})

describe('GET /password/initialize', () => {
  it('words the English precautions as leniently as the checks are', async () => {
    const { page } = await getPage('/password/initialize?lang=en')
    const text = page.getById('main').text

    expect(text).toContain(
      'Company/organization accounts: enter the details of the person in charge as registered.',
    )
    expect(text).toContain('Phone number: hyphens (-) and spaces may be typed or left out.')
    expect(text).toContain('a one-byte or two-byte space both work')
    expect(text).toContain('A new e-mail address cannot be registered here.')
    // What the seed said, and the checks never required.
    expect(text).not.toContain('without hyphen')
    expect(text).not.toMatch(/with a one-byte space between them/)
  })
})

describe.each(LOCALES)('GET /login-id/notify in %s', (locale) => {
  const path = `/login-id/notify?lang=${locale}`
  const t = messages(locale)

  it('asks for name, phone and e-mail with their labels, hints and help, but no login ID', async () => {
    const { page } = await getPage(path)
    const [form] = page.all('form')
    expect(form?.attr('method')?.toLowerCase()).toBe('post')
    expect(form?.attr('action')).toBe(`/login-id/notify?lang=${locale}`)

    expect(page.byId('loginId')).toBeUndefined()
    const names = form
      ?.descendants()
      .filter((element) => ['input', 'select'].includes(element.tag))
      .map((element) => element.attr('name'))
    expect(names).toEqual(['name', 'phoneCountry', 'phoneNumber', 'email'])
    for (const { id, autocomplete, inputmode } of FIELD_HINTS.slice(1)) {
      const input = page.getById(id)
      expect(input.attr('autocomplete')).toBe(autocomplete)
      expect(input.attr('inputmode')).toBe(inputmode)
      expect(page.all('label').filter((label) => label.attr('for') === id)).toHaveLength(1)
      expect(helpOf(page, input)[0]?.text).toMatch(HELP[locale].texts[id] ?? /^$/)
    }
    const buttons = form?.descendants().filter((element) => element.tag === 'button') ?? []
    expect(buttons.map((button) => [button.attr('type'), button.text])).toEqual([
      ['submit', t.loginIdNotification.submit],
    ])
    expectNoScript(page)
  })

  it('links back to the password initialization', async () => {
    const { page } = await getPage(path)
    const links = page
      .all('a')
      .filter((a) => a.attr('href') === `/password/initialize?lang=${locale}`)
    expect(links.map((link) => link.text)).toContain(
      t.loginIdNotification.toPasswordInitializationLink,
    )
  })
})

describe('confirmation pages', () => {
  it.each(LOCALES)('show the validity of the initialized password in %s', async (locale) => {
    const { page } = await getPage(`/password/initialize/sent?lang=${locale}`)
    expect(htmlLang(page)).toBe(locale)
    expect(h1(page)).toBe(messages(locale).passwordInitialization.sent.title)
    expect(page.getById('main').text).toContain(locale === 'en' ? 'valid for 60 minutes' : '60分')
    expectNoScript(page)
  })

  it('takes the validity from INITIALIZED_PASSWORD_TTL_MINUTES', async () => {
    const client = testClient({ env: { INITIALIZED_PASSWORD_TTL_MINUTES: '30' } })
    const response = await client.request('/password/initialize/sent?lang=en')
    expect(response.status).toBe(200)
    const page = await readPage(response)
    expect(page.getById('main').text).toContain('valid for 30 minutes')
    expect(page.getById('main').text).not.toContain('60 minutes')
  })

  it.each(LOCALES)('confirm a login ID notification in %s', async (locale) => {
    const { page } = await getPage(`/login-id/notify/sent?lang=${locale}`)
    expect(htmlLang(page)).toBe(locale)
    expect(h1(page)).toBe(messages(locale).loginIdNotification.sent.title)
    expect(page.getById('main').text).toContain(messages(locale).loginIdNotification.sent.body)
    expectNoScript(page)
  })
})
