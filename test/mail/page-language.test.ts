import { beforeEach, describe, expect, it } from 'vitest'
import { mailMessages } from '../../src/i18n/mail'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { HANAKO, TARO } from '../support/fixtures'
import { PASSWORD_INITIALIZATIONS, postJson, TARO_JSON } from '../support/json-api'

beforeEach(resetToDemoAccounts)

const SERVICE = 'Example Account Service'
const INITIALIZE = '/password/initialize'
const NOTIFY = '/login-id/notify'

describe('the e-mail of a form post (docs/decisions/024-e-mail-language.md)', () => {
  it("is in the page's language, its subject also in the account's, its link opening that language", async () => {
    const client = testClient()
    // Taro's account is Japanese; he asks from the Korean page.
    const response = await client.postForm(`${INITIALIZE}?lang=ko`, TARO)
    expect(response.status).toBe(303)
    expect(client.queue.sent[0]?.meta.pageLocale).toBe('ko')
    const [mail] = client.mailer.sent
    const ko = mailMessages('ko').initializedPassword
    const ja = mailMessages('ja').initializedPassword
    expect(mail?.subject).toBe(`${ko.subject(SERVICE)} / ${ja.subject(SERVICE)}`)
    expect(mail?.text).toContain(mailMessages('ko').greeting)
    expect(mail?.text).toContain(ko.changeIntro)
    expect(mail?.text).not.toContain(ja.changeIntro)
    expect(mail?.text).toContain('/password/change?lang=ko\n')
    expect(mail?.html).toContain('href="http://localhost:8787/password/change?lang=ko"')
  })

  it("has one subject when the page's language is the account's", async () => {
    const client = testClient()
    await client.postForm(`${INITIALIZE}?lang=ja`, TARO)
    const [mail] = client.mailer.sent
    expect(mail?.subject).toBe(mailMessages('ja').initializedPassword.subject(SERVICE))
    expect(mail?.text).toContain('/password/change?lang=ja\n')
  })

  it("is in the account's language for the JSON API, which has no page", async () => {
    const client = testClient()
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, {
      ...TARO_JSON,
      locale: 'en',
    })
    expect(response.status).toBe(202)
    expect(client.queue.sent[0]?.meta.pageLocale).toBeNull()
    const [mail] = client.mailer.sent
    expect(mail?.subject).toBe(mailMessages('ja').initializedPassword.subject(SERVICE))
    expect(mail?.text).toContain('/password/change?lang=ja\n')
  })

  it.each([
    ['enqueued before the page language was carried', undefined],
    ['naming a language the service lacks', 'fr'],
  ])("is in the account's language for a message %s", async (_, pageLocale) => {
    const poster = testClient()
    await poster.enqueueForm(`${INITIALIZE}?lang=ko`, TARO)
    const [message] = poster.queue.sent
    if (!message) throw new Error('the post was enqueued')
    const { pageLocale: _ko, ...meta } = message.meta
    const consumer = testClient()
    consumer.queue.redeliver({ ...message, meta: { ...meta, pageLocale } as typeof meta }, 1)
    await consumer.deliverQueue()
    const [mail] = consumer.mailer.sent
    expect(mail?.subject).toBe(mailMessages('ja').initializedPassword.subject(SERVICE))
    expect(mail?.text).toContain('/password/change?lang=ja\n')
  })

  it('lists each login ID of an organization with its name, in the login ID e-mail', async () => {
    const client = testClient()
    const { loginId: _, ...contact } = HANAKO
    await client.postForm(`${NOTIFY}?lang=en`, contact)
    const [mail] = client.mailer.sent
    expect(mail?.text).toContain('987654321 (Example Trading Co., Ltd.)')
    expect(mail?.text).toContain('987654322 (Example Logistics Co., Ltd.)')
    expect(mail?.html).toMatch(/<code[^>]*>987654321<\/code> Example Trading Co\., Ltd\.<\/li>/)
    expect(mail?.text).toContain('/password/initialize?lang=en\n')
    expect(mail?.subject).toContain(mailMessages('en').loginIdNotification.subject(SERVICE))
  })
})
