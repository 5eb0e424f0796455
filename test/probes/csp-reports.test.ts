import { describe, expect, it } from 'vitest'
import { ORIGIN, testClient } from '../support/client'

const PATH = '/csp-reports'
const PERSONAL = ['taro.koku@example.com', '09012345678', '203.0.113.7', 'secret-token']

/** A Reporting API batch (`report-to`), as Chromium sends it. */
const reportingApiBatch = (count = 1) =>
  Array.from({ length: count }, () => ({
    type: 'csp-violation',
    age: 3,
    url: `${ORIGIN}/password/initialize?email=taro.koku%40example.com`,
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
    body: {
      documentURL: `${ORIGIN}/password/initialize?email=taro.koku%40example.com#phone=09012345678`,
      blockedURL: 'https://evil.example.net/steal.js?token=secret-token',
      effectiveDirective: 'script-src-elem',
      disposition: 'enforce',
      statusCode: 200,
      referrer: 'https://203.0.113.7/from?email=taro.koku@example.com',
      sample: 'taro.koku@example.com',
      originalPolicy: "default-src 'none'",
    },
  }))

/** An older `report-uri` report, as Firefox sends it. */
const reportUriReport = {
  'csp-report': {
    'document-uri': `${ORIGIN}/password/change?loginId=123456789`,
    'blocked-uri': 'inline',
    'violated-directive': 'style-src-attr',
    'effective-directive': 'style-src-attr',
    'original-policy': "default-src 'none'",
    disposition: 'enforce',
    'status-code': 200,
    'script-sample': 'color: red /* taro.koku@example.com */',
  },
}

async function post(body: string, contentType: string) {
  const { request, logs } = testClient()
  const response = await request(PATH, {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'CF-Connecting-IP': '203.0.113.7' },
    body,
  })
  return { response, events: logs.parsed, lines: logs.lines }
}

const violations = (events: Record<string, unknown>[]) =>
  events.filter((event) => event.event === 'csp_violation')

describe('CSP reports', () => {
  it('are asked for by every page: report-to and report-uri name the endpoint', async () => {
    const response = await testClient().request('/password/initialize')
    const csp = response.headers.get('Content-Security-Policy') ?? ''
    expect(csp).toMatch(/(^|;\s*)report-to csp-endpoint(;|$)/)
    expect(csp).toMatch(/(^|;\s*)report-uri \/csp-reports(;|$)/)
    expect(response.headers.get('Reporting-Endpoints')).toBe('csp-endpoint="/csp-reports"')
  })

  it('logs a Reporting API report with path, blocked origin, directive and disposition only', async () => {
    const { response, events, lines } = await post(
      JSON.stringify(reportingApiBatch()),
      'application/reports+json',
    )

    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
    expect(violations(events)).toEqual([
      expect.objectContaining({
        level: 'warn',
        documentPath: '/password/initialize',
        blocked: 'https://evil.example.net',
        directive: 'script-src-elem',
        disposition: 'enforce',
        statusCode: 200,
      }),
    ])
    for (const line of lines) {
      for (const personal of [...PERSONAL, 'Mozilla', '?', '#']) {
        expect(line.replace(/"time":"[^"]+"/, '')).not.toContain(personal)
      }
    }
  })

  it('logs an older application/csp-report report the same way', async () => {
    const { response, events, lines } = await post(
      JSON.stringify(reportUriReport),
      'application/csp-report',
    )

    expect(response.status).toBe(204)
    expect(violations(events)).toEqual([
      expect.objectContaining({
        documentPath: '/password/change',
        blocked: 'inline',
        directive: 'style-src-attr',
        disposition: 'enforce',
      }),
    ])
    for (const line of lines) {
      for (const personal of [...PERSONAL, '123456789']) expect(line).not.toContain(personal)
    }
  })

  it('ignores reports of other types in a batch', async () => {
    const batch = [
      ...reportingApiBatch(),
      { type: 'deprecation', age: 1, url: ORIGIN, user_agent: 'x', body: { id: 'x' } },
    ]
    const { response, events } = await post(JSON.stringify(batch), 'application/reports+json')
    expect(response.status).toBe(204)
    expect(violations(events)).toHaveLength(1)
  })

  it('logs at most 10 reports of a batch and counts the rest', async () => {
    const { response, events } = await post(
      JSON.stringify(reportingApiBatch(15)),
      'application/reports+json; charset=utf-8',
    )
    expect(response.status).toBe(204)
    expect(violations(events)).toHaveLength(10)
    expect(events.find((event) => event.event === 'csp_violations_not_logged')).toMatchObject({
      count: 5,
    })
  })

  it('echoes no free text: a directive or URL that is not one is not logged as given', async () => {
    const batch = reportingApiBatch()
    const [first] = batch
    if (first === undefined) throw new Error('empty batch')
    first.body.effectiveDirective = 'taro.koku@example.com'
    first.body.blockedURL = 'not a url at all taro.koku@example.com'
    first.body.documentURL = 'nor this'
    const { response, events, lines } = await post(
      JSON.stringify(batch),
      'application/reports+json',
    )
    expect(response.status).toBe(204)
    expect(violations(events)).toEqual([
      expect.objectContaining({ documentPath: '(invalid)', blocked: '(invalid)' }),
    ])
    expect(violations(events)[0]).not.toHaveProperty('directive')
    for (const line of lines) expect(line).not.toContain('taro.koku')
  })

  it('refuses another content type with 415 and logs no violation', async () => {
    const { response, events } = await post(JSON.stringify(reportUriReport), 'application/json')
    expect(response.status).toBe(415)
    expect(violations(events)).toEqual([])
  })

  it('refuses a body that is not JSON, or not a report, with 400', async () => {
    for (const [body, type] of [
      ['{not json', 'application/reports+json'],
      ['{"type":"csp-violation"}', 'application/reports+json'],
      ['[{"body":{}}]', 'application/reports+json'],
      ['{"report":{}}', 'application/csp-report'],
      ['"csp-report"', 'application/csp-report'],
    ] as const) {
      const { response, events } = await post(body, type)
      expect(response.status, body).toBe(400)
      expect(violations(events)).toEqual([])
    }
  })

  it('refuses a body over 16 KiB with 413 and logs no violation', async () => {
    const batch = reportingApiBatch(1).map((report) => ({
      ...report,
      body: { ...report.body, sample: 'x'.repeat(16 * 1024) },
    }))
    const { response, events } = await post(JSON.stringify(batch), 'application/reports+json')
    expect(response.status).toBe(413)
    expect(violations(events)).toEqual([])
  })

  it('answers nothing but POST', async () => {
    const response = await testClient().request(PATH)
    expect(response.status).toBe(404)
  })
})
