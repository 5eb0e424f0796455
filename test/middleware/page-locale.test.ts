// negotiateLocale on a bare Hono app: `?lang=` first (and remembered), then the cookie, then
// Accept-Language, then the default.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LOCALE } from '../../src/i18n'
import { negotiateLocale } from '../../src/middleware/page-locale'

const app = new Hono<{ Variables: { locale: string } }>()
  .use(negotiateLocale())
  .get('/', (c) => c.text(c.get('locale')))

const localeOf = async (path: string, headers: Record<string, string> = {}) => {
  const response = await app.request(path, { headers })
  expect(response.status).toBe(200)
  return { locale: await response.text(), cookie: response.headers.get('Set-Cookie') }
}

describe('negotiateLocale', () => {
  it('takes ?lang= first and remembers it in a __Host- cookie for a year', async () => {
    const { locale, cookie } = await localeOf('/?lang=ko', {
      Cookie: '__Host-lang=en',
      'Accept-Language': 'zh-TW',
    })
    expect(locale).toBe('ko')
    expect(cookie).toBe('__Host-lang=ko; Max-Age=31536000; Path=/; HttpOnly; Secure; SameSite=Lax')
  })

  it('then the cookie, which it does not set again', async () => {
    const { locale, cookie } = await localeOf('/', {
      Cookie: '__Host-lang=en',
      'Accept-Language': 'ko',
    })
    expect(locale).toBe('en')
    expect(cookie).toBeNull()
  })

  it('then Accept-Language', async () => {
    expect((await localeOf('/', { 'Accept-Language': 'zh-TW, en;q=0.5' })).locale).toBe('zh-Hant')
  })

  it('then English, ignoring a ?lang=, cookie or language it does not know', async () => {
    const { locale, cookie } = await localeOf('/?lang=fr', {
      Cookie: '__Host-lang=xx; lang=en',
      'Accept-Language': 'fr-CA',
    })
    expect(locale).toBe('en')
    expect(cookie).toBeNull()
  })

  it('then the default, Japanese, when no language is named at all', async () => {
    const { locale, cookie } = await localeOf('/?lang=fr', { Cookie: '__Host-lang=xx; lang=en' })
    expect(locale).toBe(DEFAULT_LOCALE)
    expect(DEFAULT_LOCALE).toBe('ja')
    expect(cookie).toBeNull()
  })
})
