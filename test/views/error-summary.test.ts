import { beforeEach, describe, expect, it } from 'vitest'
import { LOCALES, messages } from '../../src/i18n'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { readPage } from '../support/html'

beforeEach(resetToDemoAccounts)

const FORMS = ['/password/initialize', '/login-id/notify', '/password/change'] as const

describe.each(LOCALES)('a form that comes back with errors, in %s', (locale) => {
  const t = messages(locale)

  it.each(FORMS)(
    '%s puts the summary above the heading, focused on load, and says "Error" in the title',
    async (path) => {
      const response = await testClient().postForm(`${path}?lang=${locale}`, {})
      expect(response.status).toBe(422)
      const page = await readPage(response)
      const summaryAt = page.elements.findIndex(
        (element) => element.attr('class') === 'error-summary',
      )
      const summary = page.elements[summaryAt]
      expect(summary?.attr('tabindex')).toBe('-1')
      expect(summary?.attributes.has('autofocus')).toBe(true)
      const headingAt = page.elements.findIndex((element) => element.tag === 'h1')
      expect(summaryAt).toBeGreaterThan(0)
      expect(summaryAt).toBeLessThan(headingAt)
      expect(page.elements.filter((element) => element.attributes.has('autofocus'))).toHaveLength(1)
      expect(page.all('title')[0]?.text.startsWith(t.errorTitlePrefix)).toBe(true)
    },
  )

  it.each(FORMS)(
    '%s has no summary and no "Error" in the title before anything is sent',
    async (path) => {
      const page = await readPage(await testClient().request(`${path}?lang=${locale}`))
      expect(page.elements.some((element) => element.attr('class') === 'error-summary')).toBe(false)
      expect(page.all('title')[0]?.text.startsWith(t.errorTitlePrefix)).toBe(false)
    },
  )
})

it('prefixes the title with "Error: " in English and 「エラー：」 in Japanese', () => {
  expect(messages('en').errorTitlePrefix).toBe('Error: ')
  expect(messages('ja').errorTitlePrefix).toBe('エラー：')
})
