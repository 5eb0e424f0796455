import { beforeEach, describe, expect, it } from 'vitest'
import { LOCALES as ALL_LOCALES, type Locale, messages } from '../../src/i18n'
import { resetToDemoAccounts } from '../support/demo'
import { getPage, h1, htmlLang, others } from '../support/pages'

beforeEach(resetToDemoAccounts)

describe('language negotiation', () => {
  const rules: Array<{
    rule: string
    query: string
    headers: Record<string, string>
    expected: Locale
    remembered?: Locale
  }> = [
    {
      rule: '?lang=en comes with a Japanese cookie and Accept-Language',
      query: '?lang=en',
      headers: { Cookie: '__Host-lang=ja', 'Accept-Language': 'ja' },
      expected: 'en',
      remembered: 'en',
    },
    {
      rule: '?lang=ja comes with an English cookie and Accept-Language',
      query: '?lang=ja',
      headers: { Cookie: '__Host-lang=en', 'Accept-Language': 'en' },
      expected: 'ja',
      remembered: 'ja',
    },
    {
      rule: 'an English cookie comes with a Japanese Accept-Language',
      query: '',
      headers: { Cookie: '__Host-lang=en', 'Accept-Language': 'ja' },
      expected: 'en',
    },
    {
      rule: 'a Japanese cookie comes with an English Accept-Language',
      query: '',
      headers: { Cookie: 'theme=dark; __Host-lang=ja', 'Accept-Language': 'en' },
      expected: 'ja',
    },
    {
      rule: 'a plain `lang=en` cookie (no __Host- prefix, so any subdomain could set it) comes with a Japanese Accept-Language',
      query: '',
      headers: { Cookie: 'lang=en', 'Accept-Language': 'ja' },
      expected: 'ja',
    },
    {
      rule: 'Accept-Language prefers en-US, then en, then ja',
      query: '',
      headers: { 'Accept-Language': 'en-US,en;q=0.9,ja;q=0.5' },
      expected: 'en',
    },
    {
      rule: 'Accept-Language lists ja first but gives en the higher q-value',
      query: '',
      headers: { 'Accept-Language': 'ja;q=0.3, en;q=0.8' },
      expected: 'en',
    },
    {
      rule: 'Accept-Language prefers French, then English',
      query: '',
      headers: { 'Accept-Language': 'fr-FR,fr;q=0.9,en;q=0.5' },
      expected: 'en',
    },
    {
      rule: 'Accept-Language is EN-GB in upper case',
      query: '',
      headers: { 'Accept-Language': 'EN-GB' },
      expected: 'en',
    },
    {
      rule: 'Accept-Language asks only for French (English, for a language the service lacks)',
      query: '',
      headers: { 'Accept-Language': 'fr' },
      expected: 'en',
    },
    ...['de-DE,de;q=0.9', 'th', 'es-419', 'vi-VN', 'id', 'fr-CA;q=0.7, de;q=0.3'].map((header) => ({
      rule: `Accept-Language names only ${header} (English)`,
      query: '',
      headers: { 'Accept-Language': header },
      expected: 'en' as const,
    })),
    ...['', '*', 'fr;q=0'].map((header) => ({
      rule: `Accept-Language "${header}" names no language (Japanese)`,
      query: '',
      headers: { 'Accept-Language': header },
      expected: 'ja' as const,
    })),
    { rule: 'nothing asks for a language (the default)', query: '', headers: {}, expected: 'ja' },
    {
      rule: 'the unsupported ?lang=fr comes with an English Accept-Language',
      query: '?lang=fr',
      headers: { 'Accept-Language': 'en' },
      expected: 'en',
    },
    {
      rule: 'the unsupported ?lang=fr comes with an English cookie',
      query: '?lang=fr',
      headers: { Cookie: '__Host-lang=en', 'Accept-Language': 'ja' },
      expected: 'en',
    },
    {
      rule: 'the unsupported cookie __Host-lang=fr comes with an English Accept-Language',
      query: '',
      headers: { Cookie: '__Host-lang=fr', 'Accept-Language': 'en' },
      expected: 'en',
    },
  ]
  for (const { rule, query, headers, expected, remembered } of rules) {
    it(`chooses ${expected} when ${rule}`, async () => {
      const { response, page } = await getPage(`/password/initialize${query}`, headers)

      expect(htmlLang(page)).toBe(expected)
      expect(h1(page)).toBe(messages(expected).passwordInitialization.title)
      const cookie = response.headers.get('Set-Cookie')
      if (remembered === undefined) {
        expect(cookie).toBeNull()
      } else {
        expect(cookie).toMatch(new RegExp(`^__Host-lang=${remembered};`))
        expect(cookie).toMatch(/; Path=\/(;|$)/)
        expect(cookie).toMatch(/; HttpOnly(;|$)/)
        expect(cookie).toMatch(/; Secure(;|$)/)
        expect(cookie).not.toMatch(/; Domain=/i)
        expect(cookie).toMatch(/; SameSite=Lax(;|$)/i)
      }
    })
  }
})

describe('the language switch', () => {
  const pages = [
    '/password/initialize',
    '/password/initialize/sent',
    '/login-id/notify',
    '/login-id/notify/sent',
  ]

  for (const path of pages) {
    for (const locale of ALL_LOCALES) {
      it(`links ${path} in ${locale} to the same page in every other language`, async () => {
        const { page } = await getPage(`${path}?lang=${locale}`)
        const nav = page
          .all('nav')
          .find((element) => element.attr('aria-label') === messages(locale).languageSwitch)
        expect(nav?.attr('aria-label')).toBe(messages(locale).languageSwitch)
        const links = nav?.descendants().filter((element) => element.tag === 'a') ?? []
        expect(
          links.map((link) => [link.attr('href'), link.attr('hreflang'), link.attr('lang')]),
        ).toEqual(others(locale).map((one) => [`${path}?lang=${one}`, one, one]))
        // Each language is named in itself, whatever the page's language.
        expect(links.map((link) => link.text)).toEqual(
          others(locale).map((one) => messages(one).languageName),
        )
        const current = nav
          ?.descendants()
          .find((element) => element.attr('aria-current') === 'true')
        expect(current?.text).toBe(messages(locale).languageName)

        for (const [index, link] of links.entries()) {
          const { page: switched } = await getPage(link.attr('href') ?? '')
          expect(htmlLang(switched)).toBe(others(locale)[index])
          expect(h1(switched)).not.toBe(h1(page))
        }
      })
    }
  }
})
