import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Locale, messages } from '../../src/i18n'
import { PAGE_PATHS } from '../../src/views/layout'
import { SITE_CSS } from '../../src/views/styles'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { readPage } from '../support/html'
import { expectNoScript, getPage, h1, htmlLang, others } from '../support/pages'

beforeEach(resetToDemoAccounts)

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
