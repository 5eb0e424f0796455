// securityHeaders on a bare Hono app: every answer gets the security headers (docs/contract.md#security-baseline), and `no-store`
// unless the route chose its own cache policy.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import {
  CSP_REPORT_ENDPOINT,
  CSP_REPORT_PATH,
  securityHeaders,
} from '../../src/middleware/security-headers'

const app = new Hono()
  .use(securityHeaders())
  .get('/page', (c) => c.html('<p>page</p>'))
  .get('/cached', (c) => {
    c.header('Cache-Control', 'public, max-age=3600')
    return c.text('cached')
  })
  .get('/broken', () => {
    throw new Error('boom')
  })

describe('securityHeaders', () => {
  it('sends a CSP that allows no script, no framing and reports to the service', async () => {
    const response = await app.request('/page')
    expect(response.status).toBe(200)
    const csp = response.headers.get('Content-Security-Policy')?.split('; ')
    expect(csp).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        `report-to ${CSP_REPORT_ENDPOINT}`,
        `report-uri ${CSP_REPORT_PATH}`,
      ]),
    )
    expect(response.headers.get('Reporting-Endpoints')).toBe(
      `${CSP_REPORT_ENDPOINT}="${CSP_REPORT_PATH}"`,
    )
  })

  it('sends no-referrer, HSTS, nosniff, DENY and the isolation headers', async () => {
    const { headers } = await app.request('/page')
    expect(headers.get('Referrer-Policy')).toBe('no-referrer')
    expect(headers.get('Strict-Transport-Security')).toBe('max-age=63072000; includeSubDomains')
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(headers.get('X-Frame-Options')).toBe('DENY')
    expect(headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin')
    expect(headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin')
    expect(headers.get('Permissions-Policy')).toBe('camera=(), microphone=(), geolocation=()')
  })

  it('sends exactly the headers hono/secure-headers sent with these options, which it replaced', async () => {
    const { headers } = await app.request('/page')
    const sent = Object.fromEntries(
      [...headers].filter(([name]) => !['content-type', 'cache-control'].includes(name)),
    )
    expect(sent).toEqual({
      'content-security-policy':
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; report-to csp-endpoint; report-uri /csp-reports",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'permissions-policy': 'camera=(), microphone=(), geolocation=()',
      'referrer-policy': 'no-referrer',
      'reporting-endpoints': 'csp-endpoint="/csp-reports"',
      'strict-transport-security': 'max-age=63072000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'DENY',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    })
  })

  it('overrides a value a route set, and drops X-Powered-By', async () => {
    const response = await new Hono()
      .use(securityHeaders())
      .get('/', (c) => {
        c.header('X-Frame-Options', 'ALLOWALL')
        c.header('X-Powered-By', 'something')
        return c.text('ok')
      })
      .request('/')
    expect(response.headers.get('X-Frame-Options')).toBe('DENY')
    expect(response.headers.has('X-Powered-By')).toBe(false)
  })

  it('makes an answer no-store unless its route chose a cache policy', async () => {
    expect((await app.request('/page')).headers.get('Cache-Control')).toBe('no-store')
    expect((await app.request('/cached')).headers.get('Cache-Control')).toBe('public, max-age=3600')
  })

  it('puts the same headers on a 404 and on an error', async () => {
    for (const path of ['/missing', '/broken']) {
      const response = await app.request(path)
      expect(response.status, path).toBe(path === '/missing' ? 404 : 500)
      expect(response.headers.get('Cache-Control'), path).toBe('no-store')
      expect(response.headers.get('X-Frame-Options'), path).toBe('DENY')
    }
  })
})
