import { beforeEach, describe, expect, it } from 'vitest'
import { ORIGIN, testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { TARO } from '../support/fixtures'
import { postRaw } from '../support/form-posts'
import { readPage } from '../support/html'
import { LIMIT } from '../support/json-api'

beforeEach(resetToDemoAccounts)

const YEAR_SECONDS = 31_536_000

/** Each kind of answer the service gives, produced the way a visitor would get it. */
const PAGE_TYPES: Array<{
  page: string
  status: number
  html: boolean
  send: () => Promise<Response>
}> = [
  {
    page: 'the password initialization form',
    status: 200,
    html: true,
    send: () => testClient().request('/password/initialize'),
  },
  {
    page: 'the login ID notification form',
    status: 200,
    html: true,
    send: () => testClient().request('/login-id/notify'),
  },
  {
    page: 'the password initialization sent page',
    status: 200,
    html: true,
    send: () => testClient().request('/password/initialize/sent?lang=en'),
  },
  {
    page: 'the login ID notification sent page',
    status: 200,
    html: true,
    send: () => testClient().request('/login-id/notify/sent'),
  },
  {
    page: 'the password form with errors',
    status: 422,
    html: true,
    send: () => testClient().postForm('/password/initialize', { ...TARO, email: 'taro@' }),
  },
  {
    page: 'the login ID form with errors',
    status: 422,
    html: true,
    send: () => testClient().postForm('/login-id/notify', { name: 'Taro', email: TARO.email }),
  },
  {
    page: 'the redirect after a post',
    status: 303,
    html: false,
    send: () => testClient().postForm('/password/initialize', TARO),
  },
  {
    page: 'the redirect from /',
    status: 302,
    html: false,
    send: () => testClient().request('/', { redirect: 'manual' }),
  },
  {
    page: 'a refused cross-site post',
    status: 403,
    html: true,
    send: () =>
      testClient().postForm('/password/initialize', TARO, { Origin: 'https://evil.example' }),
  },
  {
    page: 'a post that is too large',
    status: 413,
    html: true,
    send: () =>
      postRaw(testClient(), '/password/initialize', 'x'.repeat(LIMIT + 1), {
        'Content-Length': String(LIMIT + 1),
      }),
  },
  {
    page: 'too many attempts',
    status: 429,
    html: true,
    send: async () => {
      const client = testClient({ env: { RATE_LIMIT_PER_LOGIN_ID: '1/3600' } })
      await client.postForm('/password/initialize', TARO)
      return client.postForm('/password/initialize', TARO)
    },
  },
  {
    page: 'an unknown path',
    status: 404,
    html: true,
    send: () => testClient().request('/no/such/page'),
  },
  {
    page: 'a server error',
    status: 500,
    html: true,
    send: () =>
      testClient({ env: { INITIALIZED_PASSWORD_TTL_MINUTES: '0' } }).request(
        '/password/initialize',
      ),
  },
  {
    page: 'the health check',
    status: 200,
    html: false,
    send: () => testClient().request('/healthz'),
  },
  {
    page: 'the stylesheet',
    status: 200,
    html: false,
    send: () => testClient().request('/assets/site.css'),
  },
]

/** A Content-Security-Policy as directive name → its source list. */
function cspDirectives(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) directives.set(name.toLowerCase(), sources)
  }
  return directives
}

describe('security headers', () => {
  it.each(PAGE_TYPES)(
    'come with $page ($status): a CSP with no script and no framing',
    async ({ status, send }) => {
      const response = await send()
      expect(response.status).toBe(status)
      const csp = response.headers.get('Content-Security-Policy')
      expect(csp).not.toBeNull()
      const directives = cspDirectives(csp ?? '')
      expect(directives.get('default-src')).toEqual(["'none'"])
      expect(directives.get('script-src')).toEqual(["'none'"])
      expect(directives.get('frame-ancestors')).toEqual(["'none'"])
      expect(directives.get('style-src')).toEqual(["'self'"])
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/)
    },
  )

  it.each(PAGE_TYPES)(
    'come with $page ($status): no referrer, HSTS for a year or more, nosniff',
    async ({ status, send }) => {
      const response = await send()
      expect(response.status).toBe(status)
      expect(response.headers.get('Referrer-Policy')).toBe('no-referrer')
      const hsts = response.headers.get('Strict-Transport-Security') ?? ''
      expect(Number(/(?:^|;)\s*max-age=(\d+)/i.exec(hsts)?.[1])).toBeGreaterThanOrEqual(
        YEAR_SECONDS,
      )
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    },
  )

  it.each(PAGE_TYPES.filter((type) => type.page !== 'the stylesheet'))(
    'forbid storing $page ($status) in any cache',
    async ({ status, send }) => {
      const response = await send()
      expect(response.status).toBe(status)
      const directives = (response.headers.get('Cache-Control') ?? '')
        .split(',')
        .map((directive) => directive.trim().toLowerCase())
      expect(directives).toContain('no-store')
      expect(directives).not.toContain('public')
    },
  )

  it('let caches keep the stylesheet, which holds no personal data', async () => {
    const response = await testClient().request('/assets/site.css')
    expect(response.status).toBe(200)
    const cacheControl = response.headers.get('Cache-Control') ?? ''
    expect(cacheControl).toMatch(/\bpublic\b/)
    expect(cacheControl).not.toMatch(/no-store/)
  })
})

describe('pages under a CSP without inline script or style', () => {
  it.each(PAGE_TYPES.filter((type) => type.html))(
    '$page ($status) has no script, no style element, no inline handler or style attribute',
    async ({ status, send }) => {
      const response = await send()
      expect(response.status).toBe(status)
      expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
      const page = await readPage(response)
      expect(page.elements.length).toBeGreaterThan(0)
      expect(page.all('script')).toEqual([])
      expect(page.all('style')).toEqual([])
      for (const element of page.elements) {
        for (const name of element.attributes.keys()) {
          expect(name, `<${element.tag} ${name}>`).not.toMatch(/^on|^style$/i)
        }
        for (const name of ['href', 'action', 'src', 'formaction']) {
          expect(element.attr(name) ?? '', `<${element.tag} ${name}>`).not.toMatch(
            /^\s*javascript:/i,
          )
        }
      }
      const stylesheets = page.all('link').filter((link) => link.attr('rel') === 'stylesheet')
      for (const link of stylesheets) {
        expect(new URL(link.attr('href') ?? '', ORIGIN).origin).toBe(ORIGIN)
      }
    },
  )
})
