import { beforeEach, describe, expect, it } from 'vitest'
import { initializedPasswords, loginIdNotifications } from '../../src/db/schema'
import { LOCALES, messages } from '../../src/i18n'
import { DRAIN_LIMIT_BYTES } from '../../src/middleware/body-limit'
import { ORIGIN, testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { TARO } from '../support/fixtures'
import { type HtmlDocument, readPage } from '../support/html'
import {
  countingStream,
  FORM_CONTENT_TYPE,
  formBody,
  garbage,
  paddedFormBody,
} from '../support/request-bodies'
import { db } from '../support/rows'

beforeEach(resetToDemoAccounts)

const KIB = 1024
/** docs/contract.md#matching-the-four-fields: every POST body is limited to 16 KiB. */
const LIMIT = 16 * KIB
const YEAR_SECONDS = 31_536_000

type Client = ReturnType<typeof testClient>

/** The two form procedures, each with a post that matches a demo account, so it would send. */
const FORMS = [
  { form: 'password initialization', path: '/password/initialize', post: { ...TARO } },
  {
    form: 'login ID notification',
    path: '/login-id/notify',
    post: {
      name: TARO.name,
      phoneCountry: TARO.phoneCountry,
      phoneNumber: TARO.phoneNumber,
      email: TARO.email,
    },
  },
]

const rowCount = (table: typeof initializedPasswords | typeof loginIdNotifications) =>
  db.$count(table)

/** Nothing was e-mailed and nothing was issued or recorded as sent. */
async function expectNothingDone(client: Client) {
  expect(client.mailer.sent).toEqual([])
  expect(await rowCount(initializedPasswords)).toBe(0)
  expect(await rowCount(loginIdNotifications)).toBe(0)
}

/** A form post with a body of our making (string, bytes or stream) and the headers given. */
const postRaw = (
  client: Client,
  path: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<Response> =>
  client.request(path, {
    method: 'POST',
    body,
    headers: { 'Content-Type': FORM_CONTENT_TYPE, ...headers },
    redirect: 'manual',
  })

const byteLength = (body: string) => new TextEncoder().encode(body).byteLength

/** The page's language and heading. */
const langAndTitle = (page: HtmlDocument) => ({
  lang: page.all('html')[0]?.attr('lang'),
  h1: page.all('h1')[0]?.text,
})

describe.each(FORMS)('a cross-site post to the $form form', ({ path, post }) => {
  const refused: Array<{ how: string; headers: Record<string, string> }> = [
    { how: 'Origin: https://evil.example', headers: { Origin: 'https://evil.example' } },
    { how: 'Sec-Fetch-Site cross-site, no Origin', headers: { 'Sec-Fetch-Site': 'cross-site' } },
    {
      how: 'Sec-Fetch-Site cross-site, evil Origin',
      headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
    },
    {
      how: 'Sec-Fetch-Site cross-site, our Origin',
      headers: { 'Sec-Fetch-Site': 'cross-site', Origin: ORIGIN },
    },
    { how: 'Sec-Fetch-Site same-site, no Origin', headers: { 'Sec-Fetch-Site': 'same-site' } },
    {
      how: 'Sec-Fetch-Site same-site, sibling host',
      headers: { 'Sec-Fetch-Site': 'same-site', Origin: 'http://other.localhost:8787' },
    },
    { how: 'Origin: null and no Sec-Fetch-Site', headers: { Origin: 'null' } },
    {
      how: 'an Origin that only begins like ours',
      headers: { Origin: 'http://localhost:8787.evil.example' },
    },
    { how: 'our host under another scheme', headers: { Origin: 'https://localhost:8787' } },
  ]

  it.each(refused)('is refused with 403 and sends nothing given $how', async ({ headers }) => {
    const client = testClient()
    const response = await client.postForm(path, post, headers)
    expect(response.status).toBe(403)
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(response.headers.get('Location')).toBeNull()
    expect(langAndTitle(await readPage(response)).h1).toBe(messages('ja').forbidden.title)
    await expectNothingDone(client)
  })

  it.each(LOCALES)('is refused with an HTML page in %s, the language asked for', async (locale) => {
    const client = testClient()
    const response = await client.postForm(path, post, {
      Origin: 'https://evil.example',
      'Accept-Language': `${locale};q=1`,
    })
    expect(response.status).toBe(403)
    const page = await readPage(response)
    expect(langAndTitle(page)).toEqual({ lang: locale, h1: messages(locale).forbidden.title })
    expect(page.all('p').map((p) => p.text)).toContain(messages(locale).forbidden.body)
    await expectNothingDone(client)
  })

  it('is refused in the language of ?lang= on the posted URL', async () => {
    const client = testClient()
    const response = await client.postForm(`${path}?lang=en`, post, {
      'Sec-Fetch-Site': 'cross-site',
    })
    expect(response.status).toBe(403)
    expect(langAndTitle(await readPage(response))).toEqual({
      lang: 'en',
      h1: messages('en').forbidden.title,
    })
  })
})

describe.each(FORMS)('a post to the $form form from its own site', ({ path, post }) => {
  const allowed: Array<{ how: string; headers: Record<string, string> }> = [
    // What a browser sends from our own page: Referrer-Policy no-referrer may make Origin null.
    {
      how: 'same-origin fetch with Origin: null',
      headers: { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' },
    },
    {
      how: 'same-origin fetch with our Origin',
      headers: { 'Sec-Fetch-Site': 'same-origin', Origin: ORIGIN },
    },
    { how: "the request's own Origin", headers: { Origin: ORIGIN } },
    { how: 'no Origin and no Sec-Fetch-Site', headers: {} },
  ]

  it.each(allowed)('is accepted without any cookie given $how', async ({ headers }) => {
    const client = testClient()
    const response = await client.postForm(path, post, headers)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(`${path}/sent?lang=ja`)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('is accepted from the origin of the configured PUBLIC_BASE_URL', async () => {
    const client = testClient({ env: { PUBLIC_BASE_URL: 'https://accounts.example.com/base/' } })
    const response = await client.postForm(path, post, { Origin: 'https://accounts.example.com' })
    expect(response.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })
})

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

describe.each(FORMS)('a post to the $form form over 16 KiB', ({ path, post }) => {
  it('answers 413 with an HTML page when its Content-Length is 16 KiB + 1 byte', async () => {
    const client = testClient()
    const body = paddedFormBody(post, LIMIT + 1)
    const response = await postRaw(client, path, body, { 'Content-Length': String(LIMIT + 1) })
    expect(response.status).toBe(413)
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(langAndTitle(await readPage(response))).toEqual({
      lang: 'ja',
      h1: messages('ja').tooLarge.title,
    })
    await expectNothingDone(client)
  })

  it('answers 413 in the language asked for', async () => {
    const client = testClient()
    const response = await postRaw(client, path, paddedFormBody(post, LIMIT + 1), {
      'Content-Length': String(LIMIT + 1),
      'Accept-Language': 'en-US,en;q=0.9',
    })
    expect(response.status).toBe(413)
    expect(langAndTitle(await readPage(response))).toEqual({
      lang: 'en',
      h1: messages('en').tooLarge.title,
    })
  })

  it('answers 413 to a body of 16 KiB + 1 byte streamed without Content-Length', async () => {
    const client = testClient()
    const { stream, read } = countingStream(paddedFormBody(post, LIMIT + 1))
    const response = await postRaw(client, path, stream)
    expect(response.status).toBe(413)
    expect(read.bytes).toBe(LIMIT + 1)
    expect(langAndTitle(await readPage(response)).h1).toBe(messages('ja').tooLarge.title)
    await expectNothingDone(client)
  })

  // A streaming client reads no answer before it has sent everything: an over-long body is read
  // on (and thrown away) so the 413 arrives, but no further than DRAIN_LIMIT_BYTES past the limit.
  it('reads a long streamed body no further than 1 MiB past 16 KiB', async () => {
    const client = testClient()
    const chunk = KIB
    const { stream, read } = countingStream(paddedFormBody(post, 2048 * KIB), chunk)
    const response = await postRaw(client, path, stream)
    expect(response.status).toBe(413)
    expect(read.bytes).toBeGreaterThan(LIMIT + DRAIN_LIMIT_BYTES)
    expect(read.bytes).toBeLessThanOrEqual(LIMIT + DRAIN_LIMIT_BYTES + 2 * chunk)
    await expectNothingDone(client)
  })

  it('does not read the body at all when its Content-Length is over 16 KiB', async () => {
    const client = testClient()
    const { stream, read } = countingStream(paddedFormBody(post, 64 * KIB))
    const response = await postRaw(client, path, stream, { 'Content-Length': String(64 * KIB) })
    expect(response.status).toBe(413)
    expect(read.bytes).toBeLessThanOrEqual(KIB)
    await expectNothingDone(client)
  })

  it('accepts a valid form of exactly 16 KiB with Content-Length', async () => {
    const client = testClient()
    const body = paddedFormBody(post, LIMIT)
    expect(byteLength(body)).toBe(LIMIT)
    const response = await postRaw(client, path, body, { 'Content-Length': String(LIMIT) })
    expect(response.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('accepts a valid form of exactly 16 KiB streamed without Content-Length', async () => {
    const client = testClient()
    const { stream, read } = countingStream(paddedFormBody(post, LIMIT))
    const response = await postRaw(client, path, stream)
    expect(response.status).toBe(303)
    expect(read.bytes).toBe(LIMIT)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('answers 413, not 422, to 17 KiB of garbage with Content-Length', async () => {
    const client = testClient()
    const response = await postRaw(client, path, garbage(17 * KIB), {
      'Content-Length': String(17 * KIB),
    })
    expect(response.status).toBe(413)
    await expectNothingDone(client)
  })

  it('answers 413, not 422, to 17 KiB of garbage streamed without Content-Length', async () => {
    const client = testClient()
    const { stream } = countingStream(garbage(17 * KIB))
    const response = await postRaw(client, path, stream)
    expect(response.status).toBe(413)
    await expectNothingDone(client)
  })

  it('answers 422, not 413, to a small invalid form', async () => {
    const client = testClient()
    const body = formBody({ ...post, email: 'not an address' })
    const response = await postRaw(client, path, body, {
      'Content-Length': String(byteLength(body)),
    })
    expect(response.status).toBe(422)
    await expectNothingDone(client)
  })
})
