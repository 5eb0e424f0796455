import { beforeEach, describe, expect, it } from 'vitest'
import { LOCALES, messages } from '../../src/i18n'
import { ORIGIN, testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { expectNothingDone, FORMS, langAndTitle } from '../support/form-posts'
import { readPage } from '../support/html'

beforeEach(resetToDemoAccounts)

describe.each(FORMS)('a cross-site post to the $form form', ({ path, post }) => {
  const refused: Array<{ how: string; headers: Record<string, string> }> = [
    { how: 'Origin: https://evil.example', headers: { Origin: 'https://evil.example' } },
    { how: 'Sec-Fetch-Site cross-site, no Origin', headers: { 'Sec-Fetch-Site': 'cross-site' } },
    {
      how: 'Sec-Fetch-Site cross-site, evil Origin',
      headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
    },
    {
      how: 'Sec-Fetch-Site cross-site, our Origin',
      headers: { 'Sec-Fetch-Site': 'cross-site', Origin: ORIGIN },
    },
    { how: 'Sec-Fetch-Site same-site, no Origin', headers: { 'Sec-Fetch-Site': 'same-site' } },
    {
      how: 'Sec-Fetch-Site same-site, sibling host',
      headers: { 'Sec-Fetch-Site': 'same-site', Origin: 'http://other.localhost:8787' },
    },
    { how: 'Origin: null and no Sec-Fetch-Site', headers: { Origin: 'null' } },
    {
      how: 'an Origin that only begins like ours',
      headers: { Origin: 'http://localhost:8787.evil.example' },
    },
    { how: 'our host under another scheme', headers: { Origin: 'https://localhost:8787' } },
  ]

  it.each(refused)('is refused with 403 and sends nothing given $how', async ({ headers }) => {
    const client = testClient()
    const response = await client.postForm(path, post, headers)
    expect(response.status).toBe(403)
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(response.headers.get('Location')).toBeNull()
    expect(langAndTitle(await readPage(response)).h1).toBe(messages('ja').forbidden.title)
    await expectNothingDone(client)
  })

  it.each(LOCALES)('is refused with an HTML page in %s, the language asked for', async (locale) => {
    const client = testClient()
    const response = await client.postForm(path, post, {
      Origin: 'https://evil.example',
      'Accept-Language': `${locale};q=1`,
    })
    expect(response.status).toBe(403)
    const page = await readPage(response)
    expect(langAndTitle(page)).toEqual({ lang: locale, h1: messages(locale).forbidden.title })
    expect(page.all('p').map((p) => p.text)).toContain(messages(locale).forbidden.body)
    await expectNothingDone(client)
  })

  it('is refused in the language of ?lang= on the posted URL', async () => {
    const client = testClient()
    const response = await client.postForm(`${path}?lang=en`, post, {
      'Sec-Fetch-Site': 'cross-site',
    })
    expect(response.status).toBe(403)
    expect(langAndTitle(await readPage(response))).toEqual({
      lang: 'en',
      h1: messages('en').forbidden.title,
    })
  })
})

describe.each(FORMS)('a post to the $form form from its own site', ({ path, post }) => {
  const allowed: Array<{ how: string; headers: Record<string, string> }> = [
    // What a browser sends from our own page: Referrer-Policy no-referrer may make Origin null.
    {
      how: 'same-origin fetch with Origin: null',
      headers: { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' },
    },
    {
      how: 'same-origin fetch with our Origin',
      headers: { 'Sec-Fetch-Site': 'same-origin', Origin: ORIGIN },
    },
    { how: "the request's own Origin", headers: { Origin: ORIGIN } },
    { how: 'no Origin and no Sec-Fetch-Site', headers: {} },
  ]

  it.each(allowed)('is accepted without any cookie given $how', async ({ headers }) => {
    const client = testClient()
    const response = await client.postForm(path, post, headers)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(`${path}/sent?lang=ja`)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('is accepted from the origin of the configured PUBLIC_BASE_URL', async () => {
    const client = testClient({ env: { PUBLIC_BASE_URL: 'https://accounts.example.com/base/' } })
    const response = await client.postForm(path, post, { Origin: 'https://accounts.example.com' })
    expect(response.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })
})
