import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { LOCALES } from '../src/i18n'
import { launchChromium } from './support/chromium'
import { newClient } from './support/client'
import { computedStyle } from './support/dom'
import { describeInBrowser, e2eEnv } from './support/env'

/**
 * Everything the page reported to its console, page errors and failed loads. Chromium's own
 * favicon request (the service has no /favicon.ico; its 404 is logged) is left out.
 */
function watch(page: Page): string[] {
  const reports: string[] = []
  page.on('console', (message) => {
    const source = message.location().url
    if (!source.endsWith('/favicon.ico')) {
      reports.push(`console.${message.type()}: ${message.text()} (${source})`)
    }
  })
  page.on('pageerror', (error) => reports.push(`pageerror: ${error.message}`))
  page.on('requestfailed', (request) =>
    reports.push(`requestfailed: ${request.url()} ${request.failure()?.errorText}`),
  )
  return reports
}

describeInBrowser('The form pages in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it.each(
    ['/password/initialize', '/login-id/notify'].flatMap((path) =>
      LOCALES.map((lang) => [path, lang]),
    ),
  )(
    '%s?lang=%s loads its stylesheet under the CSP without a violation or error',
    async (path, lang) => {
      const { baseUrl } = e2eEnv()
      const context = await browser.newContext({ extraHTTPHeaders: newClient() })
      const page = await context.newPage()
      const reports = watch(page)
      const stylesheet = page.waitForResponse((response) => response.url().endsWith('/site.css'))
      const answer = await page.goto(`${baseUrl}${path}?lang=${lang}`)
      expect(answer?.status()).toBe(200)
      expect(answer?.headers()['content-security-policy']).toContain("script-src 'none'")
      expect((await stylesheet).status()).toBe(200)
      await page.waitForLoadState('load')

      // site.css's button rule (background: var(--accent), #0b57d0), not the default grey.
      expect(await computedStyle(page, 'button[type=submit]', 'background-color')).toBe(
        'rgb(11, 87, 208)',
      )
      expect(await computedStyle(page, 'main', 'max-width')).not.toBe('none')
      expect(reports.filter((report) => /content security policy/i.test(report))).toEqual([])
      expect(reports).toEqual([])
      await context.close()
    },
  )

  it('A script slipped into the page is refused by the CSP and reported (the check above can fail)', async () => {
    const { baseUrl } = e2eEnv()
    const context = await browser.newContext({ extraHTTPHeaders: newClient() })
    const page = await context.newPage()
    const reports = watch(page)
    // The real answer, CSP header included, with an inline script added to its body.
    await page.route('**/password/initialize?lang=en', async (route) => {
      const response = await route.fetch()
      const body = (await response.text()).replace('</body>', '<script>1</script></body>')
      await route.fulfill({ response, body })
    })
    await page.goto(`${baseUrl}/password/initialize?lang=en`)
    await page.waitForLoadState('load')
    expect(reports.some((report) => /content security policy/i.test(report))).toBe(true)
    await context.close()
  })

  // For a person to look at, with E2E_SCREENSHOTS=1 (as e2e/journey.test.ts); 5 full-page images
  // were seconds of every run's CPU.
  it.runIf(process.env.E2E_SCREENSHOTS === '1')(
    'Screenshots of the password initialization form in every language are written to /tmp',
    async () => {
      const { baseUrl } = e2eEnv()
      const context = await browser.newContext({
        extraHTTPHeaders: newClient(),
        viewport: { width: 1024, height: 800 },
      })
      const page = await context.newPage()
      for (const lang of LOCALES) {
        await page.goto(`${baseUrl}/password/initialize?lang=${lang}`)
        const file = `/tmp/e2e-form-${lang}.png`
        const image = await page.screenshot({ path: file, fullPage: true })
        expect(image.byteLength).toBeGreaterThan(10_000)
      }
      await context.close()
    },
  )
})
