import { describe, expect, it } from 'vitest'
import { LOCALES, messages } from '../../src/i18n'
import { testClient } from '../support/client'
import { readPage } from '../support/html'

const SCRIPT = '/assets/password-toggle.js'

const scriptSources = (csp: string | null) =>
  (csp ?? '')
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([name]) => name === 'script-src')
    ?.slice(1)

describe('the optional show/hide script for password fields (docs/journey.md)', () => {
  it('is served from the Worker itself as JavaScript, cached for long', async () => {
    const response = await testClient().request(SCRIPT)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    const text = await response.text()
    expect(text).toContain('input[type="password"]')
    expect(text).toContain("button.type = 'button'")
  })

  it.each(LOCALES)(
    'is named by /password/change in %s, its words from the page',
    async (locale) => {
      const t = messages(locale).passwordChange
      const response = await testClient().request(`/password/change?lang=${locale}`)
      expect(scriptSources(response.headers.get('Content-Security-Policy'))).toEqual(["'self'"])
      const page = await readPage(response)
      const scripts = page.all('script')
      expect(scripts).toHaveLength(1)
      const [script] = scripts
      expect(script?.attr('src')).toMatch(/^\/assets\/password-toggle\.js\?v=[0-9a-f]+$/)
      expect(script?.attr('defer')).toBe('')
      expect(script?.attr('data-show')).toBe(t.show)
      expect(script?.attr('data-hide')).toBe(t.hide)
      expect(script?.text).toBe('')
      // Without the script, no button but the form's own.
      expect(page.all('button')).toHaveLength(1)
    },
  )

  it('is allowed by the CSP nowhere else, and never inline', async () => {
    const client = testClient()
    for (const path of ['/password/initialize', '/login-id/notify', '/password/change/done']) {
      const response = await client.request(`${path}?lang=en`)
      expect(scriptSources(response.headers.get('Content-Security-Policy'))).toEqual(["'none'"])
      expect((await readPage(response)).all('script')).toHaveLength(0)
    }
    const change = await client.request('/password/change?lang=en')
    expect(change.headers.get('Content-Security-Policy')).not.toMatch(
      /unsafe-inline|unsafe-eval|unsafe-hashes|\*|nonce-|sha256-/,
    )
  })
})
