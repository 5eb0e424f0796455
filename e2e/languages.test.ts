import { execFileSync } from 'node:child_process'
import { delimiter, dirname, join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEMO_PASSWORD_HASH } from '../src/db/demo-accounts'
import { LOCALES, type Locale, messages } from '../src/i18n'
import { mailMessages } from '../src/i18n/mail'
import { axeViolations } from './support/axe'
import { launchChromium } from './support/chromium'
import { newClient } from './support/client'
import { computedStyle } from './support/dom'
import { describeInBrowser, e2eEnv } from './support/env'
import { listMail, waitForNewMail } from './support/mail'

const ROOT = resolve(import.meta.dirname, '..')

/**
 * One account per language, each preferring it, so every journey gets its own e-mail (an account
 * gets at most one initialized password every 5 minutes) in its own language. The browser asks
 * for the language the way a visitor's browser does: by its Accept-Language.
 */
const JOURNEYS: Array<{
  locale: Locale
  browserLocale: string
  loginId: string
  name: string
  given: string
  family: string
  country: string
  typedNumber: string
  phone: string
  email: string
}> = [
  {
    locale: 'ja',
    browserLocale: 'ja-JP',
    loginId: '700000001',
    name: '山田 花子',
    given: '花子',
    family: '山田',
    country: 'JP',
    typedNumber: '080-1111-2222',
    phone: '+818011112222',
    email: 'hanako.yamada@example.jp',
  },
  {
    locale: 'en',
    browserLocale: 'en-GB',
    loginId: '700000002',
    name: 'Emily CLARK',
    given: 'Emily',
    family: 'Clark',
    country: 'GB',
    typedNumber: '07700 900123',
    phone: '+447700900123',
    email: 'emily.clark@example.org',
  },
  {
    locale: 'zh-Hans',
    browserLocale: 'zh-CN',
    loginId: '700000003',
    name: '王 小明',
    given: '小明',
    family: '王',
    country: 'CN',
    typedNumber: '138 0013 8000',
    phone: '+8613800138000',
    email: 'xiaoming.wang@example.cn',
  },
  {
    locale: 'zh-Hant',
    browserLocale: 'zh-TW',
    loginId: '700000004',
    name: '陳 大文',
    given: '大文',
    family: '陳',
    country: 'TW',
    typedNumber: '0912-345-678',
    phone: '+886912345678',
    email: 'taiman.chan@example.tw',
  },
  {
    locale: 'ko',
    browserLocale: 'ko-KR',
    loginId: '700000005',
    name: '김 민준',
    given: '민준',
    family: '김',
    country: 'KR',
    typedNumber: '010-1234-5678',
    phone: '+821012345678',
    email: 'minjun.kim@example.kr',
  },
]

/** A font each page's stylesheet names for its language (Noto, as Linux has them). */
const FONT: Record<Locale, string> = {
  ja: 'Noto Sans JP',
  en: 'Noto Sans JP',
  'zh-Hans': 'Noto Sans CJK SC',
  'zh-Hant': 'Noto Sans CJK TC',
  ko: 'Noto Sans CJK KR',
}

const sql = (value: string) => `'${value.replaceAll("'", "''")}'`

/** Adds the journeys' accounts to the running server's local D1, as the system of record would. */
function addAccounts(): void {
  const now = Date.now()
  const rows = JOURNEYS.map((j) =>
    [j.loginId, 'individual', 'active', j.locale, DEMO_PASSWORD_HASH, j.given, j.family, j.phone]
      .concat(j.email)
      .map(sql)
      .concat(String(now), String(now))
      .join(', '),
  )
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'wrangler'),
    [
      'd1',
      'execute',
      'DB',
      '--local',
      '--persist-to',
      e2eEnv().persistDir,
      '--command',
      'INSERT OR REPLACE INTO accounts (login_id, kind, status, locale, password_hash, ' +
        'contact_given_name, contact_family_name, contact_phone, contact_email, created_at, ' +
        `updated_at) VALUES (${rows.join('), (')})`,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: [dirname(process.execPath), join(ROOT, 'node_modules', '.bin'), process.env.PATH]
          .filter(Boolean)
          .join(delimiter),
        WRANGLER_SEND_METRICS: 'false',
      },
    },
  )
}

/** The page as axe sees it: no violations, named by rule and element for a readable failure. */
async function expectAxeClean(page: Page, where: string) {
  const violations = await axeViolations(page)
  expect(violations, `axe on ${where}`).toEqual([])
}

// axe runs here on the two pages e2e/journey.test.ts does not check in every language: the
// password change form after a mismatch, and the 404 page. Every page of PAGE_PATHS, and each
// form after an empty submission, it checks there (once per page and language: at 375 px).
describeInBrowser('The journey in every language, in Chromium, checked by axe', () => {
  let browser: Browser
  beforeAll(async () => {
    addAccounts()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it.each(JOURNEYS)(
    'A visitor whose browser asks for $browserLocale is served $locale from the form to a password of their own',
    async (journey) => {
      const { locale } = journey
      const t = messages(locale)
      const m = mailMessages(locale)
      const server = e2eEnv()
      const { baseUrl } = server
      const context = await browser.newContext({
        extraHTTPHeaders: newClient(),
        locale: journey.browserLocale,
      })
      const page = await context.newPage()

      // The form, in the language the browser asked for.
      await page.goto(`${baseUrl}/password/initialize`)
      expect(await page.locator('html').getAttribute('lang')).toBe(locale)
      expect(await page.locator('h1').textContent()).toBe(t.passwordInitialization.title)
      const switchLinks = page.locator('nav a[hreflang]')
      expect(await switchLinks.count()).toBe(4)

      // Sent empty: the errors, in the language, and still clean.
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')])
      expect(await page.locator('.error-summary a').first().textContent()).toBe(
        t.errors.loginId.required,
      )

      // Filled in as registered; the country is picked by its name in the page's language.
      await page.fill('#loginId', journey.loginId)
      await page.fill('#name', journey.name)
      await page.selectOption('#phoneCountry', journey.country)
      const countryName = new Intl.DisplayNames([locale], { type: 'region' }).of(journey.country)
      expect(await page.locator('#phoneCountry option:checked').textContent()).toContain(
        countryName,
      )
      await page.fill('#phoneNumber', journey.typedNumber)
      await page.fill('#email', journey.email)
      const before = listMail(server)
      await page.click('button[type=submit]')
      await page.waitForURL(`${baseUrl}/password/initialize/sent?lang=${locale}`)
      expect(await page.locator('h1').textContent()).toBe(t.passwordInitialization.sent.title)

      // The e-mail, in the page's language (here also the account's).
      const [mail, ...others] = await waitForNewMail(server, before)
      expect(others).toEqual([])
      expect(mail?.text).toContain(m.greeting)
      expect(mail?.text).toContain(m.initializedPassword.passwordLabel)
      expect(mail?.html).toContain(`<html lang="${locale}">`)
      const password = /^(?:[A-Z2-9]{4}-){5}[A-Z2-9]{4}$/m.exec(mail?.text ?? '')?.[0]
      expect(password).toBeDefined()

      // The password change, in the same language (the cookie remembers it).
      await page.goto(`${baseUrl}/password/change`)
      expect(await page.locator('html').getAttribute('lang')).toBe(locale)
      await page.fill('#loginId', journey.loginId)
      await page.fill('#password', password ?? '')
      const newPassword = 'Seven-lanterns-over-the-harbour'
      await page.fill('#newPassword', newPassword)
      await page.fill('#newPasswordConfirmation', 'Seven-lanterns-over-the-harbor')
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')])
      expect(await page.locator('.error-summary a').first().textContent()).toBe(
        t.passwordChange.errors.newPasswordConfirmation.mismatch,
      )
      await expectAxeClean(page, `the ${locale} password change form with errors`)

      await page.fill('#loginId', journey.loginId)
      await page.fill('#password', password ?? '')
      await page.fill('#newPassword', newPassword)
      await page.fill('#newPasswordConfirmation', newPassword)
      const beforeChange = listMail(server)
      await page.click('button[type=submit]')
      await page.waitForURL(`${baseUrl}/password/change/done?lang=${locale}`)
      expect(await page.locator('h1').textContent()).toBe(t.passwordChange.changed.title)
      const [changed] = await waitForNewMail(server, beforeChange)
      expect(changed?.text).toContain(m.passwordChanged.ifYou)
      await context.close()
    },
  )

  it.each(JOURNEYS)(
    "The $locale 404 page is axe-clean, and the login ID notification form in the language's fonts",
    async ({ locale }) => {
      const { baseUrl } = e2eEnv()
      const context = await browser.newContext({ extraHTTPHeaders: newClient() })
      const page = await context.newPage()
      const missing = await page.goto(`${baseUrl}/no-such-page?lang=${locale}`)
      expect(missing?.status()).toBe(404)
      await expectAxeClean(page, `the ${locale} 404 page`)
      await page.goto(`${baseUrl}/login-id/notify?lang=${locale}`)
      expect(await page.locator('html').getAttribute('lang')).toBe(locale)
      // Han characters in the page's own fonts; the language links in theirs.
      expect(await computedStyle(page, 'body', 'font-family')).toContain(FONT[locale])
      for (const other of LOCALES.filter((one) => one !== locale && one !== 'en')) {
        expect(await computedStyle(page, `nav [lang="${other}"]`, 'font-family')).toContain(
          FONT[other],
        )
      }
      await context.close()
    },
  )

  it('An image without a text alternative slipped into the page is reported by axe (the checks above can fail)', async () => {
    const { baseUrl } = e2eEnv()
    const context = await browser.newContext({ extraHTTPHeaders: newClient() })
    const page = await context.newPage()
    await page.route('**/password/initialize?lang=ko', async (route) => {
      const response = await route.fetch()
      const body = (await response.text()).replace('</main>', '<img src="/assets/x.png"></main>')
      await route.fulfill({ response, body })
    })
    await page.goto(`${baseUrl}/password/initialize?lang=ko`)
    const violations = await axeViolations(page)
    expect(violations.map((violation) => [violation.id, violation.targets])).toEqual([
      ['image-alt', ['img']],
    ])
    await context.close()
  })
})
