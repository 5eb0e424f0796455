// The kept pages are sent as the UTF-8 bytes of their first rendering (src/views/rendered-once.ts):
// every later answer carries the very same bytes, whatever the script of the language, and the
// kept bytes survive being sent many times.
import { beforeEach, describe, expect, it } from 'vitest'
import { LOCALES } from '../../src/i18n'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'

beforeEach(resetToDemoAccounts)

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer())

describe('a kept page', () => {
  it.each(LOCALES)('%s: the bytes of the first rendering on every later answer', async (locale) => {
    // A client of its own: new settings, so its first request renders the page anew.
    const client = testClient()
    const rendered = await client.request(`/password/initialize?lang=${locale}`)
    const first = await bytesOf(rendered)
    const later = []
    for (let i = 0; i < 5; i++) {
      later.push(await client.request(`/password/initialize?lang=${locale}`))
    }
    for (const response of later) {
      expect(response.status).toBe(200)
      expect(response.headers.get('Content-Type')).toBe('text/html; charset=UTF-8')
      expect(await bytesOf(response)).toEqual(first)
    }
    const html = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(first)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain(`<html lang="${locale}">`)
  })

  it('keeps one page per language: each language its own bytes', async () => {
    const client = testClient()
    const pages = new Map<string, string>()
    for (const locale of LOCALES) {
      await client.request(`/password/initialize?lang=${locale}`)
      pages.set(locale, await (await client.request(`/password/initialize?lang=${locale}`)).text())
    }
    expect(new Set(pages.values()).size).toBe(LOCALES.length)
    for (const [locale, html] of pages) expect(html).toContain(`<html lang="${locale}">`)
  })
})
