import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from './support/chromium'
import { newClient } from './support/client'
import { focusedElementId } from './support/dom'
import { describeInBrowser, e2eEnv } from './support/env'
import { listMail, waitForNewMail } from './support/mail'

describeInBrowser('Form errors in Chromium with JavaScript off', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('The error summary links move focus to the invalid fields, and the corrected form goes through without JavaScript', async () => {
    const server = e2eEnv()
    const { baseUrl } = server
    const context = await browser.newContext({
      extraHTTPHeaders: newClient(),
      locale: 'en-US',
      javaScriptEnabled: false,
    })
    const page = await context.newPage()
    await page.goto(`${baseUrl}/password/initialize?lang=en`)

    await page.fill('#loginId', '12345')
    await page.fill('#name', 'Jane Doe')
    await page.fill('#email', 'not-an-e-mail')
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.click('button[type=submit]'),
    ])
    expect(answer.status()).toBe(422)
    await page.waitForLoadState()

    const summary = page.locator('.error-summary')
    expect(await summary.isVisible()).toBe(true)
    const links = summary.locator('a')
    const hrefs = await Promise.all((await links.all()).map((link) => link.getAttribute('href')))
    expect(hrefs).toEqual(['#loginId', '#phoneNumber', '#email'])

    await links.first().click()
    expect(await focusedElementId(page)).toBe('loginId')
    expect(await page.getAttribute('#loginId', 'aria-invalid')).toBe('true')
    expect(await page.getAttribute('#loginId', 'aria-describedby')).toContain('loginId-error')
    await links.nth(2).click()
    expect(await focusedElementId(page)).toBe('email')
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true')
    // What was typed is kept; the valid name is not marked.
    expect(await page.inputValue('#name')).toBe('Jane Doe')
    expect(await page.getAttribute('#name', 'aria-invalid')).toBeNull()

    // Corrected, for an account no other browser test asks for (the README's quick start, run by
    // e2e/quick-start.test.ts, asks for Jane's, and an account gets one e-mail per 5 minutes).
    await page.fill('#loginId', '321654987')
    await page.fill('#name', '国 太郎')
    await page.selectOption('#phoneCountry', 'JP')
    await page.fill('#phoneNumber', '080-9876-5432')
    await page.fill('#email', 'kuni@example.jp')
    const before = listMail(server)
    await page.click('button[type=submit]')
    await page.waitForURL(`${baseUrl}/password/initialize/sent?lang=en`)
    const mail = await waitForNewMail(server, before)
    expect(mail).toHaveLength(1)
    expect(mail[0]?.text).toContain('*****4987')
    await context.close()
  })
})
