import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { CSP_REPORT_ENDPOINT, CSP_REPORT_PATH } from './csp-reports'

/**
 * SPEC 9 headers on every response: a CSP that allows no script at all (the pages need none),
 * no framing, no referrer, HSTS and nosniff. Responses are `no-store` unless a route chose a
 * cache policy (only the stylesheet does), since every page asks for or shows personal data.
 * Violations of the CSP are reported to the service itself (`report-to` with
 * `Reporting-Endpoints`, and `report-uri` for browsers without the Reporting API).
 *
 * @example
 * app.use(securityHeaders())
 */
export const securityHeaders = (): MiddlewareHandler => {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      reportTo: CSP_REPORT_ENDPOINT,
      reportUri: CSP_REPORT_PATH,
    },
    reportingEndpoints: [{ name: CSP_REPORT_ENDPOINT, url: CSP_REPORT_PATH }],
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: 'max-age=63072000; includeSubDomains',
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  })
  return async function securityHeadersMiddleware(c, next) {
    await headers(c, next)
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store')
  }
}
