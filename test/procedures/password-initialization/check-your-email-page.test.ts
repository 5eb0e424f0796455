import { beforeEach, describe, expect, it } from 'vitest'
import { LOCALES, messages } from '../../../src/i18n'
import { mailMessages } from '../../../src/i18n/mail'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { TARO } from '../../support/fixtures'
import { readPage } from '../../support/html'

beforeEach(resetToDemoAccounts)

const FORM = '/password/initialize'
const SUPPORT = 'the help desk, 0120-000-000'

/** Posts the form and reads the confirmation page it redirects to, as its bytes. */
async function sentPageAfter(client: ReturnType<typeof testClient>, post: Record<string, string>) {
  const response = await client.postForm(`${FORM}?lang=en`, post)
  expect(response.status).toBe(303)
  const page = await client.request(response.headers.get('Location') ?? '')
  expect(page.status).toBe(200)
  return page.text()
}

describe('the "Check your e-mail" page', () => {
  it.each(LOCALES)(
    'names the sender, the subject, what the next page needs and when to try again, in %s',
    async (locale) => {
      const t = messages(locale).passwordInitialization.sent
      const client = testClient({ env: { SUPPORT_CONTACT: SUPPORT } })
      const page = await readPage(await client.request(`${FORM}/sent?lang=${locale}`))
      const text = page.all('main')[0]?.text ?? ''
      const subject = mailMessages(locale).initializedPassword.subject('Example Account Service')
      expect(text).toContain(t.lookFor('no-reply@example.com', subject))
      expect(text).toContain(t.nextPage)
      expect(text).toContain(t.unreachable(SUPPORT))
      expect(page.all('a').some((a) => a.text === t.again)).toBe(true)
    },
  )

  it('names no support contact when none is configured', async () => {
    const page = await readPage(await testClient().request(`${FORM}/sent?lang=en`))
    expect(page.all('main')[0]?.text).not.toContain('If you can no longer receive e-mail')
  })

  it('is the same bytes whether the details matched an account or not', async () => {
    const client = testClient()
    const matched = await sentPageAfter(client, TARO)
    expect(client.mailer.sent).toHaveLength(1)
    const unmatched = await sentPageAfter(client, { ...TARO, loginId: '111111111' })
    expect(client.mailer.sent).toHaveLength(1)
    expect(unmatched).toBe(matched)
  })
})
