import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from './support/chromium'
import { newClient } from './support/client'
import { describeInBrowser, e2eEnv } from './support/env'
import { listMail, waitForNewMail } from './support/mail'

describeInBrowser('Login ID notification in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('The shared organization contact fills the English form and gets one e-mail listing both login IDs', async () => {
    const server = e2eEnv()
    const { baseUrl } = server
    const context = await browser.newContext({ extraHTTPHeaders: newClient(), locale: 'en-US' })
    const page = await context.newPage()
    await page.goto(`${baseUrl}/login-id/notify?lang=en`)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')

    await page.fill('#name', 'Hanako Sora')
    expect(await page.inputValue('#phoneCountry')).toBe('JP')
    await page.fill('#phoneNumber', '03-1234-5678')
    await page.fill('#email', 'it-admin@example.co.jp')

    const before = listMail(server)
    await page.click('button[type=submit]')
    await page.waitForURL(`${baseUrl}/login-id/notify/sent?lang=en`)

    const mail = await waitForNewMail(server, before)
    expect(mail).toHaveLength(1)
    expect(mail[0]?.text).toContain('987654321')
    expect(mail[0]?.text).toContain('987654322')
    expect(mail[0]?.text).not.toContain('123456789')
    await context.close()
  })
})
