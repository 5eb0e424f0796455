import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from './support/chromium'
import { newClient } from './support/client'
import { describeInBrowser, e2eEnv } from './support/env'
import { listMail, newMail } from './support/mail'

/** Valid details of a demo account: only where the post comes from is wrong. */
const TARO = {
  loginId: '123456789',
  name: 'Taro KOKU',
  phoneCountry: 'JP',
  phoneNumber: '090-1234-5678',
  email: 'taro.koku@example.com',
}

/** Longer than the service takes to send an e-mail after a 303 (about a second here). */
const QUIET_MS = 3_000

const escapeHtml = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')

/** Another site's page with a form that posts the demo details to the service. */
const forgingPage = (action: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Win a prize</title></head>
<body><form method="post" action="${escapeHtml(action)}">
${Object.entries(TARO)
  .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
  .join('\n')}
<button type="submit">Claim your prize</button>
</form></body></html>`

describeInBrowser('Posts from other sites in Chromium', () => {
  let browser: Browser
  let site: Server
  let port: number
  beforeAll(async () => {
    const action = `${e2eEnv().baseUrl}/password/initialize?lang=en`
    site = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      response.end(forgingPage(action))
    })
    await new Promise<void>((done) => site.listen(0, '127.0.0.1', done))
    port = (site.address() as AddressInfo).port
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((done) => site?.close(done))
  })

  it.each([
    // Another host name: another site (Sec-Fetch-Site: cross-site).
    { from: 'localhost', fetchSite: 'cross-site' },
    // The same host on another port: the same site but another origin (same-site).
    { from: '127.0.0.1', fetchSite: 'same-site' },
  ])(
    'A form on a page at $from on another port that posts valid demo details gets 403 and sends no e-mail',
    async ({ from, fetchSite }) => {
      const server = e2eEnv()
      const { baseUrl } = server
      const context = await browser.newContext({ extraHTTPHeaders: newClient(), locale: 'en-US' })
      const page = await context.newPage()
      await page.goto(`http://${from}:${port}/`)

      const before = listMail(server)
      const [answer] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.click('button[type=submit]'),
      ])
      expect(answer.url()).toBe(`${baseUrl}/password/initialize?lang=en`)
      expect(answer.status()).toBe(403)
      const headers = await answer.request().allHeaders()
      expect(headers['sec-fetch-site']).toBe(fetchSite)
      expect(headers.origin).toBe(`http://${from}:${port}`)
      await page.waitForLoadState()
      expect(await page.textContent('h1')).toBe('This form was sent from another site')

      await new Promise((done) => setTimeout(done, QUIET_MS))
      expect(newMail(server, before)).toEqual([])
      await context.close()
    },
  )
})
