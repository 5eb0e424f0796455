import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { LOCALES } from '../src/i18n'
import { PAGE_PATHS } from '../src/views/layout'
import { axeViolations } from './support/axe'
import { launchChromium } from './support/chromium'
import { newClient } from './support/client'
import { describeInBrowser, e2eEnv } from './support/env'

/**
 * Screenshots for a person to review, with E2E_SCREENSHOTS=1 (`E2E_SCREENSHOTS=1 npx vitest run
 * --project browser e2e/journey.test.ts`); .wrangler/ is never committed. Nothing here asserts on
 * them, and 60 full-page images were seconds of every run's CPU (docs/testing.md).
 */
const SCREENSHOTS = resolve(import.meta.dirname, '..', '.wrangler', 'screenshots')
const WRITE_SCREENSHOTS = process.env.E2E_SCREENSHOTS === '1'
const FORMS = ['/password/initialize', '/login-id/notify', '/password/change']

/** How far the page is wider than the window, in CSS pixels (0: no horizontal scroll). */
const overflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')

/** The tallest language name in the header, in lines of its own text. */
const tallestLanguageName = (page: Page) =>
  page.evaluate<number>(`Math.max(...[...document.querySelectorAll('.language-switch li')].map(
    (li) => li.getBoundingClientRect().height / parseFloat(getComputedStyle(li).lineHeight)))`)

// axe runs as a script in the page, so these pages have JavaScript on; that every page works with
// it off is tested in e2e/password-change-page.test.ts and e2e/pages.test.ts.
describeInBrowser('The journey as a person sees it, in every language', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
    if (WRITE_SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('Every page fits 320, 375 and 1280 px without horizontal scroll or a broken language name, axe clean (screenshots with E2E_SCREENSHOTS=1)', async () => {
    const { baseUrl } = e2eEnv()
    const context = await browser.newContext({
      extraHTTPHeaders: newClient(),
    })
    const page = await context.newPage()
    for (const locale of LOCALES) {
      for (const path of PAGE_PATHS) {
        // One load a page and language; the widths after it are the same page resized (the
        // pages' layout is CSS alone, so it follows the window as at a fresh load).
        await page.setViewportSize({ width: 375, height: 812 })
        await page.goto(`${baseUrl}${path}?lang=${locale}`)
        for (const width of [375, 320, 1280]) {
          await page.setViewportSize({ width, height: width < 1000 ? 812 : 900 })
          const where = `${path} in ${locale} at ${width} px`
          expect(await overflow(page), where).toBeLessThanOrEqual(0)
          expect(await tallestLanguageName(page), where).toBeLessThan(1.5)
          if (WRITE_SCREENSHOTS && width !== 320) {
            const name = `${path.slice(1).replaceAll('/', '-')}.${locale}.${width}.png`
            await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true })
          }
          if (width === 375) expect(await axeViolations(page), where).toEqual([])
        }
      }
    }
    await context.close()
  }, 300_000)

  it('After an error the summary has focus, the title says so, and every form still fits 320 px', async () => {
    const { baseUrl } = e2eEnv()
    for (const locale of LOCALES) {
      const context = await browser.newContext({
        extraHTTPHeaders: newClient(),
        viewport: { width: 320, height: 700 },
      })
      const page = await context.newPage()
      for (const path of FORMS) {
        await page.goto(`${baseUrl}${path}?lang=${locale}`)
        await page.click('button[type=submit]')
        await page.waitForLoadState()
        const where = `${path} in ${locale}`
        expect(await page.locator('.error-summary').isVisible(), where).toBe(true)
        expect(
          await page.evaluate<string>('document.activeElement.className'),
          `focus on ${where}`,
        ).toBe('error-summary')
        expect(await page.title(), where).toMatch(/^(Error: |エラー：|오류: |错误：|錯誤：)/)
        expect(await overflow(page), where).toBeLessThanOrEqual(0)
        expect(await axeViolations(page), where).toEqual([])
        if (WRITE_SCREENSHOTS) {
          await page.setViewportSize({ width: 375, height: 812 })
          const name = `${path.slice(1).replaceAll('/', '-')}.error.${locale}.375.png`
          await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true })
          await page.setViewportSize({ width: 320, height: 700 })
        }
      }
      await context.close()
    }
  }, 300_000)
})
