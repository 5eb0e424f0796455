import type { MiddlewareHandler } from 'hono'
import { TURNSTILE_ORIGIN } from '../platform/turnstile'
import { PAGES_WITH_SCRIPT } from '../views/password-toggle'

/**
 * Where browsers send CSP violation reports (`src/probes/csp-reports.ts` serves it), and the name
 * the CSP's `report-to` uses for it.
 */
export const CSP_REPORT_PATH = '/csp-reports'
export const CSP_REPORT_ENDPOINT = 'csp-endpoint'

/**
 * The security headers (docs/contract.md#security-baseline), the same on every response: a CSP that allows no script at all (the pages
 * need none; the page with password fields allows its optional show/hide script, `'self'`) and reports violations to the service itself (`report-to` with
 * `Reporting-Endpoints`, and `report-uri` for browsers without the Reporting API), no framing, no
 * referrer, HSTS, nosniff and the isolation headers; the rest are hono/secure-headers' defaults,
 * which this list replaced as it was (docs/performance.md: that middleware built its strings with regular
 * expressions at startup, to send these same constant values; about 0.9 ms of a 17 ms start in
 * source-mapped startup profiles, too little for `npm run bench -- startup` to show).
 */
const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'DENY'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ['Reporting-Endpoints', `${CSP_REPORT_ENDPOINT}="${CSP_REPORT_PATH}"`],
]

/**
 * The CSP: no script at all, or on the pages with password fields the Worker's own (`'self'`), or
 * on a challenged form's answer Turnstile's script and frame (docs/security.md).
 */
const csp = (script: string, frame?: string) =>
  [
    "default-src 'none'",
    `script-src ${script}`,
    ...(frame === undefined ? [] : [`frame-src ${frame}`]),
    "style-src 'self'",
    "img-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    `report-to ${CSP_REPORT_ENDPOINT}`,
    `report-uri ${CSP_REPORT_PATH}`,
  ].join('; ')

const NO_SCRIPT_CSP = csp("'none'")
const OWN_SCRIPT_CSP = csp("'self'")
const TURNSTILE_CSP = csp(TURNSTILE_ORIGIN, TURNSTILE_ORIGIN)

/**
 * A request URL's path as `new URL(url).pathname` gives it (percent-escapes kept), without
 * parsing the whole URL on every response: a request's URL is already in its serialized form.
 */
export function pathnameOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  if (start === -1) return '/'
  // Two indexOf calls, not a regular expression: a literal makes a RegExp object per call.
  const query = url.indexOf('?', start)
  const fragment = url.indexOf('#', start)
  let end = url.length
  if (query !== -1) end = query
  if (fragment !== -1 && fragment < end) end = fragment
  return url.slice(start, end)
}

/**
 * Sets the security headers (docs/contract.md#security-baseline) on every response, after the route answered (so they win over
 * anything a route set), and makes responses `no-store` unless a route chose a cache policy (only
 * the stylesheet and the icon do), since every page asks for or shows personal data.
 *
 * @example
 * app.use(securityHeaders())
 */
export const securityHeaders = (): MiddlewareHandler =>
  async function securityHeaders(c, next) {
    await next()
    const { headers } = c.res
    for (const [name, value] of SECURITY_HEADERS) headers.set(name, value)
    // The optional show/hide script, and no other, on the pages with password fields (docs/journey.md);
    // Turnstile's on the one answer that carries its widget (`challenge`, set by src/http/submission.ts).
    headers.set(
      'Content-Security-Policy',
      c.get('challenge') !== undefined
        ? TURNSTILE_CSP
        : PAGES_WITH_SCRIPT.has(pathnameOf(c.req.url))
          ? OWN_SCRIPT_CSP
          : NO_SCRIPT_CSP,
    )
    headers.delete('X-Powered-By')
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store')
  }
