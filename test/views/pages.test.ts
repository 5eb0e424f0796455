import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { LOCALES as ALL_LOCALES, type Locale, messages } from '../../src/i18n'
import { PAGE_PATHS } from '../../src/views/layout'
import { SITE_CSS } from '../../src/views/styles'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { closest, type HtmlDocument, type HtmlElement, readPage } from '../support/html'

beforeEach(resetToDemoAccounts)

/** The languages whose help notes are the seed page's; test/i18n/pages.test.ts covers the rest. */
const LOCALES = ['ja', 'en'] as const
const others = (locale: Locale) => ALL_LOCALES.filter((one) => one !== locale)

/** GETs a page and checks it is an HTML page before the test reads it. */
async function getPage(path: string, headers: Record<string, string> = {}, status = 200) {
  const response = await testClient().request(path, { headers, redirect: 'manual' })
  expect(response.status).toBe(status)
  expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
  return { response, page: await readPage(response) }
}

const htmlLang = (page: HtmlDocument) => page.all('html')[0]?.attr('lang')
const h1 = (page: HtmlDocument) => page.all('h1')[0]?.text

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

/** Nothing on the page needs JavaScript: no script element, no inline handler, no javascript: URL. */
function expectNoScript(page: HtmlDocument) {
  expect(page.all('script')).toEqual([])
  for (const element of page.elements) {
    const handlers = [...element.attributes.keys()].filter((name) => name.startsWith('on'))
    expect(handlers, `<${element.tag}> has inline handlers`).toEqual([])
    expect(element.attr('href') ?? '').not.toMatch(/^\s*javascript:/i)
  }
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

describe('language negotiation', () => {
  const rules: Array<{
    rule: string
    query: string
    headers: Record<string, string>
    expected: Locale
    remembered?: Locale
  }> = [
    {
      rule: '?lang=en comes with a Japanese cookie and Accept-Language',
      query: '?lang=en',
      headers: { Cookie: '__Host-lang=ja', 'Accept-Language': 'ja' },
      expected: 'en',
      remembered: 'en',
    },
    {
      rule: '?lang=ja comes with an English cookie and Accept-Language',
      query: '?lang=ja',
      headers: { Cookie: '__Host-lang=en', 'Accept-Language': 'en' },
      expected: 'ja',
      remembered: 'ja',
    },
    {
      rule: 'an English cookie comes with a Japanese Accept-Language',
      query: '',
      headers: { Cookie: '__Host-lang=en', 'Accept-Language': 'ja' },
      expected: 'en',
    },
    {
      rule: 'a Japanese cookie comes with an English Accept-Language',
      query: '',
      headers: { Cookie: 'theme=dark; __Host-lang=ja', 'Accept-Language': 'en' },
      expected: 'ja',
    },
    {
      rule: 'a plain `lang=en` cookie (no __Host- prefix, so any subdomain could set it) comes with a Japanese Accept-Language',
      query: '',
      headers: { Cookie: 'lang=en', 'Accept-Language': 'ja' },
      expected: 'ja',
    },
    {
      rule: 'Accept-Language prefers en-US, then en, then ja',
      query: '',
      headers: { 'Accept-Language': 'en-US,en;q=0.9,ja;q=0.5' },
      expected: 'en',
    },
    {
      rule: 'Accept-Language lists ja first but gives en the higher q-value',
      query: '',
      headers: { 'Accept-Language': 'ja;q=0.3, en;q=0.8' },
      expected: 'en',
    },
    {
      rule: 'Accept-Language prefers French, then English',
      query: '',
      headers: { 'Accept-Language': 'fr-FR,fr;q=0.9,en;q=0.5' },
      expected: 'en',
    },
    {
      rule: 'Accept-Language is EN-GB in upper case',
      query: '',
      headers: { 'Accept-Language': 'EN-GB' },
      expected: 'en',
    },
    {
      rule: 'Accept-Language asks only for French (English, for a language the service lacks)',
      query: '',
      headers: { 'Accept-Language': 'fr' },
      expected: 'en',
    },
    ...['de-DE,de;q=0.9', 'th', 'es-419', 'vi-VN', 'id', 'fr-CA;q=0.7, de;q=0.3'].map((header) => ({
      rule: `Accept-Language names only ${header} (English)`,
      query: '',
      headers: { 'Accept-Language': header },
      expected: 'en' as const,
    })),
    ...['', '*', 'fr;q=0'].map((header) => ({
      rule: `Accept-Language "${header}" names no language (Japanese)`,
      query: '',
      headers: { 'Accept-Language': header },
      expected: 'ja' as const,
    })),
    { rule: 'nothing asks for a language (the default)', query: '', headers: {}, expected: 'ja' },
    {
      rule: 'the unsupported ?lang=fr comes with an English Accept-Language',
      query: '?lang=fr',
      headers: { 'Accept-Language': 'en' },
      expected: 'en',
    },
    {
      rule: 'the unsupported ?lang=fr comes with an English cookie',
      query: '?lang=fr',
      headers: { Cookie: '__Host-lang=en', 'Accept-Language': 'ja' },
      expected: 'en',
    },
    {
      rule: 'the unsupported cookie __Host-lang=fr comes with an English Accept-Language',
      query: '',
      headers: { Cookie: '__Host-lang=fr', 'Accept-Language': 'en' },
      expected: 'en',
    },
  ]
  for (const { rule, query, headers, expected, remembered } of rules) {
    it(`chooses ${expected} when ${rule}`, async () => {
      const { response, page } = await getPage(`/password/initialize${query}`, headers)

      expect(htmlLang(page)).toBe(expected)
      expect(h1(page)).toBe(messages(expected).passwordInitialization.title)
      const cookie = response.headers.get('Set-Cookie')
      if (remembered === undefined) {
        expect(cookie).toBeNull()
      } else {
        expect(cookie).toMatch(new RegExp(`^__Host-lang=${remembered};`))
        expect(cookie).toMatch(/; Path=\/(;|$)/)
        expect(cookie).toMatch(/; HttpOnly(;|$)/)
        expect(cookie).toMatch(/; Secure(;|$)/)
        expect(cookie).not.toMatch(/; Domain=/i)
        expect(cookie).toMatch(/; SameSite=Lax(;|$)/i)
      }
    })
  }
})

describe('the language switch', () => {
  const pages = [
    '/password/initialize',
    '/password/initialize/sent',
    '/login-id/notify',
    '/login-id/notify/sent',
  ]

  for (const path of pages) {
    for (const locale of ALL_LOCALES) {
      it(`links ${path} in ${locale} to the same page in every other language`, async () => {
        const { page } = await getPage(`${path}?lang=${locale}`)
        const nav = page
          .all('nav')
          .find((element) => element.attr('aria-label') === messages(locale).languageSwitch)
        expect(nav?.attr('aria-label')).toBe(messages(locale).languageSwitch)
        const links = nav?.descendants().filter((element) => element.tag === 'a') ?? []
        expect(
          links.map((link) => [link.attr('href'), link.attr('hreflang'), link.attr('lang')]),
        ).toEqual(others(locale).map((one) => [`${path}?lang=${one}`, one, one]))
        // Each language is named in itself, whatever the page's language.
        expect(links.map((link) => link.text)).toEqual(
          others(locale).map((one) => messages(one).languageName),
        )
        const current = nav
          ?.descendants()
          .find((element) => element.attr('aria-current') === 'true')
        expect(current?.text).toBe(messages(locale).languageName)

        for (const [index, link] of links.entries()) {
          const { page: switched } = await getPage(link.attr('href') ?? '')
          expect(htmlLang(switched)).toBe(others(locale)[index])
          expect(h1(switched)).not.toBe(h1(page))
        }
      })
    }
  }
})

describe('an unknown path', () => {
  const signals: Array<{
    signal: string
    query: string
    headers: Record<string, string>
    expected: Locale
  }> = [
    { signal: '?lang=en', query: '?lang=en', headers: {}, expected: 'en' },
    {
      signal: 'Accept-Language',
      query: '',
      headers: { 'Accept-Language': 'en-US' },
      expected: 'en',
    },
    { signal: 'the default', query: '', headers: {}, expected: 'ja' },
  ]
  for (const { signal, query, headers, expected } of signals) {
    it(`answers 404 with an HTML page in the language chosen by ${signal}`, async () => {
      const { page } = await getPage(`/no-such-page${query}`, headers, 404)

      expect(htmlLang(page)).toBe(expected)
      expect(h1(page)).toBe(messages(expected).notFound.title)
      const hrefs = page.all('a').map((a) => a.attr('href'))
      expect(hrefs).toContain(`/password/initialize?lang=${expected}`)
      expectNoScript(page)
    })
  }

  it('escapes the requested path it echoes into the page', async () => {
    const { page } = await getPage('/%3Cscript%3Ealert(1)%3C/script%3E"%3E', {}, 404)
    expectNoScript(page)
  })

  // Product bug: the language link is `${c.req.path}?lang=…`, and a path starting with `//` makes
  // it a protocol-relative URL to another host (src/app.tsx notFound, src/views/layout.tsx).
  it('keeps its language link on this site when the path starts with //', async () => {
    const { page } = await getPage('http://localhost:8787//evil.example.com/x', {}, 404)
    const nav = page.all('nav')[0]
    const hrefs = nav?.descendants().flatMap((element) => element.attr('href') ?? []) ?? []
    // An unknown path's language links lead to the home page, in each other language.
    expect(hrefs).toEqual(others('ja').map((one) => `/password/initialize?lang=${one}`))
    for (const href of hrefs) {
      expect(new URL(href, 'http://localhost:8787/').origin).toBe('http://localhost:8787')
    }
  })
})

describe('every page', () => {
  const paths = [
    '/password/initialize',
    '/password/initialize/sent',
    '/login-id/notify',
    '/login-id/notify/sent',
  ]

  it.each(paths)('%s has one main landmark and one h1', async (path) => {
    const { page } = await getPage(path)
    expect(page.all('main')).toHaveLength(1)
    expect(page.all('h1')).toHaveLength(1)
    expect(page.all('title')[0]?.text).toContain(h1(page) ?? '')
  })

  // Product bug: src/views/layout.tsx renders <html> with no doctype, so browsers use quirks mode.
  it.each(paths)('%s starts with <!doctype html>', async (path) => {
    const response = await testClient().request(path)
    expect(response.status).toBe(200)
    expect((await response.text()).slice(0, 15)).toMatch(/^<!doctype html>/i)
  })
})

// The blank forms and confirmation pages are rendered once per language and settings, then sent as
// text (src/views/rendered-once.ts): the headers stay each request's own.
describe('pages kept after their first rendering', () => {
  // Every page of the service: its forms and their confirmation pages.
  const paths = [...PAGE_PATHS]

  it.each(paths)('%s: the same page again, with headers of its own request', async (path) => {
    const client = testClient()
    const first = await client.request(`${path}?lang=ko`)
    const second = await client.request(`${path}?lang=ko`)
    const third = await client.request(path, { headers: { 'Accept-Language': 'en' } })
    const [firstHtml, secondHtml, thirdHtml] = await Promise.all(
      [first, second, third].map((response) => response.text()),
    )
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200])
    expect(secondHtml).toBe(firstHtml)
    expect(firstHtml).toContain('<html lang="ko">')
    expect(thirdHtml).toContain('<html lang="en">')
    // Only the request that asked with ?lang= sets the cookie; each has its own request ID.
    expect(second.headers.get('Set-Cookie')).toMatch(/^__Host-lang=ko;/)
    expect(third.headers.get('Set-Cookie')).toBeNull()
    expect(second.headers.get('X-Request-Id')).not.toBe(first.headers.get('X-Request-Id'))
    for (const response of [second, third]) {
      expect(response.headers.get('Content-Type')).toBe('text/html; charset=UTF-8')
      // Only the page with password fields allows its own show/hide script (test/views/password-toggle.test.ts).
      expect(response.headers.get('Content-Security-Policy')).toContain(
        path === '/password/change' ? "script-src 'self'" : "script-src 'none'",
      )
      expect(response.headers.get('Cache-Control')).toBe('no-store')
    }
  })

  it('renders anew for other settings', async () => {
    const named = async (serviceName: string) => {
      const client = testClient({ env: { SERVICE_NAME: serviceName } })
      return client.request('/password/initialize?lang=en').then((response) => response.text())
    }
    expect(await named('First Service')).toContain('| First Service</title>')
    expect(await named('Second Service')).toContain('| Second Service</title>')
  })
})

describe('the server error page', () => {
  // The settings are read in a middleware; when one is wrong, the page still has its layout.
  it('is a whole page in the layout, named by SERVICE_NAME, when a setting is what failed', async () => {
    const client = testClient({ env: { INITIALIZED_PASSWORD_TTL_MINUTES: '0' } })
    const response = await client.request('/password/initialize?lang=en')
    expect(response.status).toBe(500)
    const html = await response.text()
    expect(html.slice(0, 15)).toBe('<!doctype html>')
    const page = await readPage(new Response(html))
    expect(htmlLang(page)).toBe('en')
    expect(h1(page)).toBe(messages('en').serverError.title)
    expect(page.all('title')[0]?.text).toBe(
      `${messages('en').serverError.title} | ${env.SERVICE_NAME}`,
    )
    expect(client.logs.events('unhandled_error')).toHaveLength(1)
  })
})

describe('GET /assets/site.css', () => {
  it('serves the stylesheet as text/css', async () => {
    const response = await testClient().request('/assets/site.css')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toMatch(/^text\/css/)
    expect(await response.text()).toBe(SITE_CSS)
  })
})
