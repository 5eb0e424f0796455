import { Hono } from 'hono/tiny'
import * as z from 'zod/mini'
import { lazy } from '../lazy'
import { bodyLimit } from '../middleware/body-limit'
import { probeGuard } from '../middleware/probe-guard'
import type { AppEnv } from '../platform/context'

/** A browser's batch is a few KiB; anything past this is not a report. */
export const CSP_REPORT_MAX_BYTES = 16 * 1024
/** Reports logged from one request; the rest of a batch is counted, not logged. */
export const CSP_REPORTS_LOGGED_PER_REQUEST = 10

// Both formats name the same things differently; fields the service does not log are not read.
// Both built on the first report (`lazy`), not at startup (docs/performance.md).
const reportingApiBatch = lazy(() =>
  z.array(
    z.looseObject({
      type: z.string(),
      body: z.optional(
        z.looseObject({
          documentURL: z.optional(z.string()),
          blockedURL: z.optional(z.string()),
          effectiveDirective: z.optional(z.string()),
          disposition: z.optional(z.string()),
          statusCode: z.optional(z.number()),
        }),
      ),
    }),
  ),
)
const reportUriReport = lazy(() =>
  z.looseObject({
    'csp-report': z.looseObject({
      'document-uri': z.optional(z.string()),
      'blocked-uri': z.optional(z.string()),
      'effective-directive': z.optional(z.string()),
      'violated-directive': z.optional(z.string()),
      disposition: z.optional(z.string()),
      'status-code': z.optional(z.number()),
    }),
  }),
)

type Violation = {
  documentURL?: string | undefined
  blockedURL?: string | undefined
  directive?: string | undefined
  disposition?: string | undefined
  statusCode?: number | undefined
}

/** The page's path alone: no origin, query string or fragment, which may carry personal data. */
function pathOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined
  try {
    return new URL(url).pathname.slice(0, 100)
  } catch {
    return '(invalid)'
  }
}

/** What was blocked: a CSP keyword ("inline", "eval", …) or an origin, never a full URL. */
function blockedOf(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined
  if (/^[a-z-]{1,20}$/.test(url)) return url
  try {
    const parsed = new URL(url)
    return parsed.origin === 'null' ? parsed.protocol : parsed.origin
  } catch {
    return '(invalid)'
  }
}

/** A directive or disposition name as the spec spells them; anything else is not echoed. */
const keyword = (value: string | undefined) =>
  value !== undefined && /^[a-z-]{1,40}$/.test(value) ? value : undefined

function violationsIn(contentType: string, body: unknown): Violation[] | null {
  if (contentType === 'application/reports+json') {
    const batch = reportingApiBatch().safeParse(body)
    if (!batch.success) return null
    return batch.data
      .filter((report) => report.type === 'csp-violation')
      .map(({ body: report }) => ({
        documentURL: report?.documentURL,
        blockedURL: report?.blockedURL,
        directive: report?.effectiveDirective,
        disposition: report?.disposition,
        statusCode: report?.statusCode,
      }))
  }
  const report = reportUriReport().safeParse(body)
  if (!report.success) return null
  const fields = report.data['csp-report']
  return [
    {
      documentURL: fields['document-uri'],
      blockedURL: fields['blocked-uri'],
      directive: fields['effective-directive'] ?? fields['violated-directive'],
      disposition: fields.disposition,
      statusCode: fields['status-code'],
    },
  ]
}

/**
 * POST /csp-reports (ASVS 3.4.7): CSP violation reports from browsers, in the Reporting API's
 * `application/reports+json` (`report-to`) or the older `application/csp-report` (`report-uri`).
 * Each is logged as `csp_violation` with the page's path, what was blocked (origin or keyword),
 * the directive and the disposition: no query string, sample, referrer, user agent or address.
 * Answers 204; 413 past 16 KiB, 415 for another type, 400 for a body that is no report.
 */
export const cspReportRoutes = new Hono<AppEnv>().post(
  '/',
  probeGuard('csp-reports'),
  bodyLimit({
    maxSize: CSP_REPORT_MAX_BYTES,
    onError: (c) => c.body(null, 413),
    onIncomplete: (c) => c.body(null, 400),
  }),
  async (c) => {
    const contentType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase()
    if (contentType !== 'application/reports+json' && contentType !== 'application/csp-report') {
      return c.body(null, 415)
    }
    let body: unknown
    try {
      // Decoded here: workerd warns when .text() reads a type it does not know as text.
      body = JSON.parse(new TextDecoder().decode(await c.req.arrayBuffer()))
    } catch {
      return c.body(null, 400)
    }
    const violations = violationsIn(contentType, body)
    if (violations === null) return c.body(null, 400)
    const { logger } = c.get('services')
    for (const violation of violations.slice(0, CSP_REPORTS_LOGGED_PER_REQUEST)) {
      logger.warn('csp_violation', {
        requestId: c.get('requestId'),
        documentPath: pathOf(violation.documentURL),
        blocked: blockedOf(violation.blockedURL),
        directive: keyword(violation.directive),
        disposition: keyword(violation.disposition),
        statusCode: violation.statusCode,
      })
    }
    if (violations.length > CSP_REPORTS_LOGGED_PER_REQUEST) {
      logger.warn('csp_violations_not_logged', {
        requestId: c.get('requestId'),
        count: violations.length - CSP_REPORTS_LOGGED_PER_REQUEST,
      })
    }
    return c.body(null, 204)
  },
)
