import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from './support/chromium'
import { newClient } from './support/client'
import { describeInBrowser, e2eEnv } from './support/env'

describeInBrowser('The password change page in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('shows and hides each password field with its own button, and has none without JavaScript', async () => {
    const { baseUrl } = e2eEnv()
    const context = await browser.newContext({ extraHTTPHeaders: newClient() })
    const page = await context.newPage()
    const blocked: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') blocked.push(message.text())
    })
    await page.goto(`${baseUrl}/password/change?lang=en`)
    const toggles = page.locator('button.password-toggle')
    await toggles.first().waitFor()
    expect(await toggles.count()).toBe(3)
    await page.fill('#newPassword', 'Violet harbour kettle')
    const toggle = page.locator('#newPassword + button.password-toggle')
    expect(await toggle.textContent()).toBe('Show')
    await toggle.click()
    expect(await page.getAttribute('#newPassword', 'type')).toBe('text')
    expect(await toggle.textContent()).toBe('Hide')
    expect(await page.getAttribute('#password', 'type')).toBe('password')
    await toggle.click()
    expect(await page.getAttribute('#newPassword', 'type')).toBe('password')
    expect(await page.inputValue('#newPassword')).toBe('Violet harbour kettle')
    expect(blocked).toEqual([])
    await context.close()

    const noScript = await browser.newContext({
      extraHTTPHeaders: newClient(),
      javaScriptEnabled: false,
    })
    const plain = await noScript.newPage()
    await plain.goto(`${baseUrl}/password/change?lang=en`)
    expect(await plain.locator('button.password-toggle').count()).toBe(0)
    expect(await plain.locator('input[type=password]').count()).toBe(3)
    await noScript.close()
  })

  it('has the login ID filled in when opened in the browser that asked for the initialized password', async () => {
    const { baseUrl } = e2eEnv()
    const context = await browser.newContext({ extraHTTPHeaders: newClient() })
    const page = await context.newPage()
    await page.goto(`${baseUrl}/password/initialize?lang=en`)
    await page.fill('#loginId', '111222999')
    await page.fill('#name', 'Nobody Here')
    await page.fill('#phoneNumber', '09000000000')
    await page.fill('#email', 'nobody@example.com')
    await Promise.all([
      page.waitForURL(/\/password\/initialize\/sent/),
      page.click('button[type=submit]'),
    ])
    expect(page.url()).not.toContain('111222999')
    await page.goto(`${baseUrl}/password/change?lang=en`)
    expect(await page.inputValue('#loginId')).toBe('111222999')
    await context.close()

    const other = await browser.newContext({ extraHTTPHeaders: newClient() })
    const elsewhere = await other.newPage()
    await elsewhere.goto(`${baseUrl}/password/change?lang=en`)
    expect(await elsewhere.inputValue('#loginId')).toBe('')
    await other.close()
  })
})
