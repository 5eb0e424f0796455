import { beforeEach, describe, expect, it } from 'vitest'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { type FormPost, KEN, T0, TARO, taro } from '../../support/fixtures'
import { auditRows } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const FORM = '/password/initialize'

describe('the audit trail (docs/contract.md#security-baseline)', () => {
  const cases: Array<{ outcome: string; posts: FormPost[]; loginId: string; mailFails?: boolean }> =
    [
      { outcome: 'issued', posts: [TARO], loginId: '123456789' },
      { outcome: 'no_match', posts: [taro({ name: 'Jiro KOKU' })], loginId: '123456789' },
      { outcome: 'no_match', posts: [taro({ loginId: '111111111' })], loginId: '111111111' },
      { outcome: 'inactive', posts: [KEN], loginId: '444000222' },
      { outcome: 'cooldown', posts: [TARO, TARO], loginId: '123456789' },
      { outcome: 'mail_failed', posts: [TARO], loginId: '123456789', mailFails: true },
    ]

  /** The submitted name parts, national phone digits and e-mail address, in lower case. */
  const personalDataOf = (post: FormPost): string[] => [
    ...String(post.name).toLowerCase().split(' '),
    String(post.phoneNumber).replace(/\D/g, '').replace(/^0/, ''),
    String(post.email).toLowerCase(),
    '@',
  ]

  it.each(cases)(
    'records $outcome for login ID $loginId without personal data',
    async ({ outcome, posts, loginId, mailFails }) => {
      const client = testClient()
      client.clock.now = T0
      if (mailFails) client.mailer.failWith = new Error('boom')
      let requestId: string | null = null
      for (const post of posts) {
        const response = await client.postForm(FORM, post)
        expect(response.status).toBe(303)
        requestId = response.headers.get('X-Request-Id')
      }

      const rows = await auditRows()
      expect(rows).toHaveLength(posts.length)
      const last = rows.at(-1)
      expect(last).toMatchObject({
        procedure: 'password_initialization',
        outcome,
        loginId: loginId,
        occurredAt: T0,
      })
      expect(requestId).toEqual(expect.any(String))
      expect(last?.requestId).toBe(requestId)
      const recorded = JSON.stringify(rows).toLowerCase()
      for (const fragment of posts.flatMap(personalDataOf)) {
        expect(recorded).not.toContain(fragment)
      }
    },
  )
})

describe('languages (docs/contract.md#languages-and-access)', () => {
  it('keeps the language in the redirect after a post with ?lang=en', async () => {
    const client = testClient()
    const response = await client.postForm(`${FORM}?lang=en`, taro({ loginId: '111111111' }))
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=en')
    const sentPage = await client.request('/password/initialize/sent?lang=en')
    expect(sentPage.status).toBe(200)
    const page = await sentPage.text()
    expect(page).toContain('<html lang="en">')
    expect(page).toContain('Check your e-mail')
  })

  it('shows the form in English to a browser that prefers English', async () => {
    const client = testClient()
    const response = await client.request(FORM, {
      headers: { 'Accept-Language': 'en-US,en;q=0.9' },
    })
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page).toContain('<html lang="en">')
    expect(page).toContain('Procedure to be performed when you forget your password')
  })

  it('shows the form in Japanese when nothing asks for another language', async () => {
    const client = testClient()
    const response = await client.request(FORM)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<html lang="ja">')
  })

  it('remembers ?lang=ja in a cookie that outranks Accept-Language', async () => {
    const client = testClient()
    const response = await client.request(`${FORM}?lang=ja`, {
      headers: { 'Accept-Language': 'en' },
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<html lang="ja">')
    const [cookie] = response.headers.getSetCookie()
    expect(cookie).toMatch(/^__Host-lang=ja;/)
    expect(cookie).toMatch(/Path=\//)
    expect(cookie).toMatch(/HttpOnly/)

    const again = await client.request(FORM, {
      headers: { 'Accept-Language': 'en', Cookie: '__Host-lang=ja' },
    })
    expect(again.status).toBe(200)
    expect(await again.text()).toContain('<html lang="ja">')
  })

  it('redirects in the language of the cookie when the post names none', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, TARO, { Cookie: '__Host-lang=en' })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=en')
  })
})
