import { describe, expect, it } from 'vitest'
import { LOCALES, messages } from '../../../src/i18n'
import { testClient } from '../../support/client'
import { readPage } from '../../support/html'

const DONE = '/password/change/done'
const SIGN_IN = 'https://members.example.com/login?from=accounts'

describe('the sign-in link on the "password changed" page (docs/journey.md)', () => {
  it.each(LOCALES)('leads to SIGN_IN_URL when it is set, in %s', async (locale) => {
    const client = testClient({ env: { SIGN_IN_URL: SIGN_IN } })
    const page = await readPage(await client.request(`${DONE}?lang=${locale}`))
    const text = messages(locale).passwordChange.changed.signIn
    const links = page
      .all('main')[0]
      ?.descendants()
      .filter((element) => element.tag === 'a')
    expect(links?.map((a) => [a.attr('href'), a.text])).toEqual([[SIGN_IN, text]])
  })

  it('is not there when SIGN_IN_URL is empty, as by default', async () => {
    const page = await readPage(await testClient().request(`${DONE}?lang=en`))
    const links = page
      .all('main')[0]
      ?.descendants()
      .filter((element) => element.tag === 'a')
    expect(links).toEqual([])
    expect(page.all('main')[0]?.text).not.toContain(messages('en').passwordChange.changed.signIn)
  })
})
