// pathnameOf (src/middleware/security-headers.ts) reads a request URL's path as the URL parser
// would, without parsing: the CSP's choice of script policy depends on it.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { pathnameOf, securityHeaders } from '../../src/middleware/security-headers'

describe('pathnameOf', () => {
  const urls = [
    'https://example.com/',
    'https://example.com',
    'https://example.com/password/change',
    'https://example.com/password/change?lang=ja',
    'https://example.com/password/change#top',
    'https://example.com/password/change?next=/a#b?c',
    'https://example.com/password/change#frag?lang=ja',
    'http://127.0.0.1:8941/password/change/',
    'http://[2001:db8::1]:8787/password/%63hange',
    'https://example.com/a//b/?',
  ]
  it.each(urls)('%s: the same path as the URL parser gives', (url) => {
    const serialized = new Request(url).url
    expect(pathnameOf(serialized)).toBe(new URL(serialized).pathname)
  })
})

describe('the script policy by path', () => {
  const app = new Hono().use(securityHeaders()).get('*', (c) => c.text('page'))
  const scriptSrc = async (path: string) =>
    (await app.request(path)).headers
      .get('Content-Security-Policy')
      ?.split('; ')
      .find((one) => one.startsWith('script-src'))

  it('allows its own script on the password change, with or without a query', async () => {
    expect(await scriptSrc('/password/change')).toBe("script-src 'self'")
    expect(await scriptSrc('/password/change?lang=en')).toBe("script-src 'self'")
  })

  it('allows none on any other path, an escaped spelling of the page too', async () => {
    expect(await scriptSrc('/password/initialize')).toBe("script-src 'none'")
    expect(await scriptSrc('/password/change/')).toBe("script-src 'none'")
    expect(await scriptSrc('/password/%63hange')).toBe("script-src 'none'")
  })
})
