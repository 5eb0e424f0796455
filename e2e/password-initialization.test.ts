import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from './support/chromium'
import { newClient } from './support/client'
import { describeInBrowser, e2eEnv } from './support/env'
import { listMail, waitForNewMail } from './support/mail'

describeInBrowser('Password initialization in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('A person fills the Japanese form, gets the same page as details that match nobody, gets the initialized password by e-mail and sets a password of their own with it pasted with spaces around it', async () => {
    const server = e2eEnv()
    const { baseUrl } = server
    const context = await browser.newContext({ extraHTTPHeaders: newClient(), locale: 'ja-JP' })
    const page = await context.newPage()
    await page.goto(`${baseUrl}/password/initialize`)
    expect(await page.locator('html').getAttribute('lang')).toBe('ja')

    /** Fills the form with the demo account's details but `loginId`, sends it, and returns the page it ends on. */
    const send = async (on: Page, loginId: string) => {
      await on.fill('#loginId', loginId)
      await on.fill('#name', 'Taro KOKU')
      expect(await on.inputValue('#phoneCountry')).toBe('JP')
      await on.fill('#phoneNumber', '090-1234-5678')
      await on.fill('#email', 'taro.koku@example.com')
      const answer = on.waitForResponse((response) => response.url().includes('/sent?'))
      await on.click('button[type=submit]')
      await on.waitForURL(`${baseUrl}/password/initialize/sent?lang=ja`)
      const response = await answer
      return { status: response.status(), body: await response.body() }
    }

    // Details that match no account first, from a browser of its own: the page it ends on is
    // byte for byte the page of a match (docs/contract.md#one-answer-for-every-outcome), and no e-mail goes
    // out for it (the one e-mail below is the match's).
    const before = listMail(server)
    const stranger = await browser.newContext({ extraHTTPHeaders: newClient(), locale: 'ja-JP' })
    const strangerPage = await stranger.newPage()
    await strangerPage.goto(`${baseUrl}/password/initialize`)
    const unmatched = await send(strangerPage, '123456780')
    await stranger.close()

    const post = page.waitForRequest((request) => request.method() === 'POST')
    const matched = await send(page, '123456789')
    expect(matched.status).toBe(200)
    expect(unmatched.status).toBe(200)
    expect(unmatched.body.equals(matched.body)).toBe(true)

    // What Chromium says about where the post came from, under Referrer-Policy: no-referrer.
    // The service trusts `Sec-Fetch-Site: same-origin`: under this policy a POST's `Origin` is
    // "null" (Fetch, "append a request `Origin` header"), the case the service must accept.
    const headers = await (await post).allHeaders()
    console.log(
      `same-origin post: Origin=${headers.origin} Sec-Fetch-Site=${headers['sec-fetch-site']} Referer=${headers.referer}`,
    )
    expect(headers['sec-fetch-site']).toBe('same-origin')
    expect(headers.origin).toBe('null')
    expect(headers.referer).toBeUndefined()

    const [mail, ...others] = await waitForNewMail(server, before)
    expect(others).toEqual([])
    expect(mail?.text).toContain('*****6789')
    expect(mail?.text).not.toContain('123456789')
    // 24 characters of the 27-character alphabet in groups of four, alone on its line.
    const password = /^(?:[A-Z2-9]{4}-){5}[A-Z2-9]{4}$/m.exec(mail?.text ?? '')?.[0]
    expect(password).toHaveLength(29)
    expect(mail?.text).toContain(`${baseUrl}/password/change`)
    expect(mail?.html).toContain(password)
    expect(mail?.html).toContain(`href="${baseUrl}/password/change`)
    // The simulated Email Service wrote it under .wrangler/tmp/email/<session>/email-text/.
    expect(relative(server.emailDir, mail?.path ?? '')).toMatch(/^[^/]+\/email-text\/[^/]+\.txt$/)
    expect(readFileSync(server.serverLog, 'utf8')).toContain('send_email binding called')

    // The person follows the e-mail's link and sets a password of their own.
    await page.goto(`${baseUrl}/password/change`)
    await page.fill('#loginId', '123456789')
    // Pasted from the e-mail with the spaces around it that a selection picks up.
    await page.locator('#password').focus()
    await page.keyboard.insertText(`  ${password ?? ''} `)
    await page.fill('#newPassword', 'Violet-harbour-kettle-2026')
    await page.fill('#newPasswordConfirmation', 'Violet-harbour-kettle-2026')
    const beforeChange = listMail(server)
    await page.click('button[type=submit]')
    await page.waitForURL(`${baseUrl}/password/change/done?lang=ja`)
    // A reload shows the confirmation again; it does not post the used password a second time.
    await page.reload()
    expect(page.url()).toBe(`${baseUrl}/password/change/done?lang=ja`)
    const [changed, ...moreChanged] = await waitForNewMail(server, beforeChange)
    expect(moreChanged).toEqual([])
    expect(changed?.text).toContain(`${baseUrl}/password/initialize`)
    expect(changed?.text).not.toContain('Violet-harbour-kettle-2026')
    await context.close()
  })
})
