import { expect } from 'vitest'
import { LOCALES as ALL_LOCALES, type Locale } from '../../src/i18n'
import { testClient } from './client'
import { type HtmlDocument, readPage } from './html'

// What the tests of the pages share: fetching a page and reading its language and heading.

export const others = (locale: Locale) => ALL_LOCALES.filter((one) => one !== locale)

/** GETs a page and checks it is an HTML page before the test reads it. */
export async function getPage(path: string, headers: Record<string, string> = {}, status = 200) {
  const response = await testClient().request(path, { headers, redirect: 'manual' })
  expect(response.status).toBe(status)
  expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
  return { response, page: await readPage(response) }
}

export const htmlLang = (page: HtmlDocument) => page.all('html')[0]?.attr('lang')

export const h1 = (page: HtmlDocument) => page.all('h1')[0]?.text

/** Nothing on the page needs JavaScript: no script element, no inline handler, no javascript: URL. */
export function expectNoScript(page: HtmlDocument) {
  expect(page.all('script')).toEqual([])
  for (const element of page.elements) {
    const handlers = [...element.attributes.keys()].filter((name) => name.startsWith('on'))
    expect(handlers, `<${element.tag}> has inline handlers`).toEqual([])
    expect(element.attr('href') ?? '').not.toMatch(/^\s*javascript:/i)
  }
}
