import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { INITIALIZED_PASSWORD_ALPHABET } from '../../../src/credentials/generate'
import { verifyInitializedPassword } from '../../../src/credentials/keyed-hash'
import { DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { messages } from '../../../src/i18n'
import { bearer, insertApiKey } from '../../support/api-keys'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import {
  type FormPost,
  from,
  HANAKO,
  HOUR,
  JANE,
  KEN,
  MINUTE,
  observable,
  T0,
  TARO,
  taro,
} from '../../support/fixtures'
import { PASSWORD_INITIALIZATIONS, postJson, TARO_JSON } from '../../support/json-api'
import { initializedPasswordIn } from '../../support/recording-mailer'
import {
  auditRows,
  currentPasswordHashOf,
  initializedPasswordRows,
  verifiesAsInitialized,
} from '../../support/rows'

beforeEach(resetToDemoAccounts)

const INITIALIZED_PASSWORD_KEY = env.INITIALIZED_PASSWORD_KEY
const FORM = '/password/initialize'
const SENT = '/password/initialize/sent'

describe('the initialized password (docs/contract.md#initialized-passwords)', () => {
  it('e-mails 24 characters from the alphabet without look-alikes, in groups of four', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const password = initializedPasswordIn(client.mailer.sent[0]) ?? ''
    expect(password).toHaveLength(24)
    for (const character of password) expect(INITIALIZED_PASSWORD_ALPHABET).toContain(character)
    expect(password).toMatch(/[A-Z]/)
    expect(password).toMatch(/[0-9]/)
    const grouped = password.match(/.{4}/g)?.join('-') ?? ''
    expect(client.mailer.sent[0]?.text).toContain(`\n${grouped}\n`)
    expect(client.mailer.sent[0]?.html).toContain(grouped)
  })

  it('stores only a salted HMAC-SHA-256 under the secret key, in a PHC-style string', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const password = initializedPasswordIn(client.mailer.sent[0]) ?? ''
    const [row] = await initializedPasswordRows()
    const hash = row?.passwordHash ?? ''
    // 16 bytes of salt, 32 bytes of MAC, base64 without padding.
    expect(hash).toMatch(/^\$hmac-sha256\$v=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(await verifyInitializedPassword(password, hash, INITIALIZED_PASSWORD_KEY)).toBe(true)
    expect(await verifyInitializedPassword(`${password}x`, hash, INITIALIZED_PASSWORD_KEY)).toBe(
      false,
    )
    // Useless without the key.
    expect(await verifyInitializedPassword(password, hash, 'another-key')).toBe(false)
    expect(JSON.stringify(row)).not.toContain(password)
    expect(JSON.stringify(await auditRows())).not.toContain(password)
    expect(row).toMatchObject({ usedAt: null, revokedAt: null })
  })

  it('is valid for 60 minutes from its issue by default', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const [row] = await initializedPasswordRows()
    expect(row?.issuedAt).toBe(T0)
    expect((row?.expiresAt ?? 0) - (row?.issuedAt ?? 0)).toBe(60 * MINUTE)
    expect(client.mailer.sent[0]?.text).toContain('2026年11月30日 17:43 (JST)')
  })

  it('follows INITIALIZED_PASSWORD_TTL_MINUTES in the row, the e-mail and the confirmation page', async () => {
    const client = testClient({ env: { INITIALIZED_PASSWORD_TTL_MINUTES: '15' } })
    client.clock.now = T0
    const response = await client.postForm(FORM, TARO)
    expect(response.status).toBe(303)
    const [row] = await initializedPasswordRows()
    expect((row?.expiresAt ?? 0) - (row?.issuedAt ?? 0)).toBe(15 * MINUTE)
    expect(client.mailer.sent[0]?.text).toContain('2026年11月30日 16:58 (JST)')
    expect(client.mailer.sent[0]?.html).toContain('2026年11月30日 16:58 (JST)')

    const sentPage = await client.request(response.headers.get('Location') ?? SENT)
    expect(sentPage.status).toBe(200)
    expect(await sentPage.text()).toContain(messages('ja').passwordInitialization.sent.validity(15))
  })
})

describe('revocation and caps (docs/contract.md#initialized-passwords, 4.7)', () => {
  it('sends nothing within 5 minutes of an issue and answers the same', async () => {
    const client = testClient()
    client.clock.now = T0
    const first = await observable(await client.postForm(FORM, TARO))
    client.clock.now = T0 + 5 * MINUTE - 1000
    const second = await observable(await client.postForm(FORM, TARO))

    expect(second.status).toBe(303)
    expect(second).toEqual(first)
    expect(client.mailer.sent).toHaveLength(1)
    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.revokedAt).toBeNull()
  })

  it('issues a new one after 5 minutes and leaves the earlier unexpired one usable, keeping the current password', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)

    // Whoever sent the second matching submission, it takes nothing from the holder.
    client.clock.now = T0 + 5 * MINUTE + 1000
    expect((await client.postForm(FORM, TARO, from('203.0.113.66'))).status).toBe(303)

    expect(client.mailer.sent).toHaveLength(2)
    const [earlier, later] = await initializedPasswordRows()
    expect(earlier).toMatchObject({ revokedAt: null, revokedReason: null, usedAt: null })
    expect(later).toMatchObject({ revokedAt: null, revokedReason: null, deliveryState: 'sent' })
    const earlierPassword = initializedPasswordIn(client.mailer.sent[0]) ?? ''
    const laterPassword = initializedPasswordIn(client.mailer.sent[1]) ?? ''
    expect(await verifiesAsInitialized(earlierPassword, earlier?.passwordHash)).toBe(true)
    expect(await verifiesAsInitialized(laterPassword, later?.passwordHash)).toBe(true)
    expect(earlierPassword).not.toBe(laterPassword)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('issues at most 5 in 24 hours, however far apart, and again once 24 hours have passed', async () => {
    const client = testClient()
    // An hour apart, so the cap met is the one in D1 and not the per-login-ID edge limit (docs/contract.md#abuse-limits);
    // each from an address of its own, so no client meets its own share of two.
    const spacing = HOUR + MINUTE
    const clientNo = (n: number) => from(`198.51.100.${n + 1}`)
    for (let issue = 0; issue < 5; issue++) {
      client.clock.now = T0 + issue * spacing
      expect((await client.postForm(FORM, TARO, clientNo(issue))).status).toBe(303)
    }
    expect(client.mailer.sent).toHaveLength(5)

    client.clock.now = T0 + 5 * spacing
    expect((await client.postForm(FORM, TARO, clientNo(5))).status).toBe(303)
    client.clock.now = T0 + 24 * HOUR - MINUTE
    expect((await client.postForm(FORM, TARO, clientNo(6))).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(5)
    expect(await initializedPasswordRows()).toHaveLength(5)

    client.clock.now = T0 + 24 * HOUR + 1000
    expect((await client.postForm(FORM, TARO, clientNo(7))).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(6)
    expect(await initializedPasswordRows()).toHaveLength(6)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('lets one client spend at most two of the five, leaving the rest to the holder', async () => {
    const client = testClient()
    const stranger = from('203.0.113.99')
    const spacing = HOUR + MINUTE
    for (let issue = 0; issue < 4; issue++) {
      client.clock.now = T0 + issue * spacing
      expect((await client.postForm(FORM, TARO, stranger)).status).toBe(303)
    }
    // Answered alike, but only two were sent; the others are refused like a cooldown.
    expect(client.mailer.sent).toHaveLength(2)
    expect((await auditRows()).map((row) => row.outcome)).toEqual([
      'issued',
      'issued',
      'cooldown',
      'cooldown',
    ])
    const rows = await initializedPasswordRows()
    expect(new Set(rows.map((row) => row.issuerClientHash)).size).toBe(1)
    expect(rows[0]?.issuerClientHash).toMatch(/^[0-9a-f]{64}$/)

    // The holder, from their own address, still gets theirs, and the stranger's stay unrevoked.
    client.clock.now = T0 + 4 * spacing
    expect((await client.postForm(FORM, TARO, from('192.0.2.10'))).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(3)
    expect((await initializedPasswordRows()).map((row) => row.revokedAt)).toEqual([
      null,
      null,
      null,
    ])
  })

  it('counts an API key as one client wherever its requests come from', async () => {
    const client = testClient()
    const { key, id } = await insertApiKey({ quota: '1000/600' })
    const spacing = HOUR + MINUTE
    for (let issue = 0; issue < 3; issue++) {
      client.clock.now = T0 + issue * spacing
      const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, {
        ...from(`198.51.100.${issue + 1}`),
        ...bearer(key),
      })
      expect(response.status).toBe(202)
    }
    expect(client.mailer.sent).toHaveLength(2)
    expect((await initializedPasswordRows()).map((row) => row.issuerClientHash)).toEqual([
      `key:${id}`,
      `key:${id}`,
    ])
  })

  it('counts the cap per account, not per contact', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, HANAKO)).status).toBe(303)
    expect((await client.postForm(FORM, { ...HANAKO, loginId: '987654322' })).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(2)
    expect((await initializedPasswordRows()).map((row) => row.loginId).sort()).toEqual([
      '987654321',
      '987654322',
    ])
  })

  it('issues exactly one initialized password for concurrent posts', async () => {
    const client = testClient()
    client.clock.now = T0
    // Five, the per-login-ID edge limit (docs/contract.md#abuse-limits), so every post reaches the D1 cap.
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => client.postForm(FORM, TARO)),
    )
    expect(responses.map((response) => response.status)).toEqual(Array(5).fill(303))
    expect(client.mailer.sent).toHaveLength(1)
    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.revokedAt).toBeNull()
    const outcomes = (await auditRows()).map((row) => row.outcome).sort()
    expect(outcomes).toEqual(['cooldown', 'cooldown', 'cooldown', 'cooldown', 'issued'])
  })
})

describe('the e-mail (docs/contract.md#password-initialization)', () => {
  it('goes to the stored address, never the typed string', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, taro({ email: 'TARO.KOKU@EXAMPLE.COM' }))).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    const [mail] = client.mailer.sent
    expect(mail?.to).toBe('taro.koku@example.com')
    expect(JSON.stringify(mail)).not.toContain('TARO.KOKU@EXAMPLE.COM')
    expect(JSON.stringify(mail)).not.toContain('KOKU')
  })

  it("is written in the page's language, the subject also in the account's (docs/decisions/024-e-mail-language.md)", async () => {
    const client = testClient()
    const response = await client.postForm(`${FORM}?lang=en`, TARO, {
      'Accept-Language': 'en-US,en;q=0.9',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=en')
    const [mail] = client.mailer.sent
    expect(mail?.subject).toBe(
      '[Example Account Service] Your initialized password / 【Example Account Service】パスワード初期化のお知らせ',
    )
    expect(mail?.html).toContain('<html lang="en">')
    expect(mail?.text).toContain('your current password still works')
  })

  it('is written in English for an English account on the English page, with the expiry in UTC', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(`${FORM}?lang=en`, JANE)).status).toBe(303)
    const [mail] = client.mailer.sent
    expect(mail?.subject).toBe('[Example Account Service] Your initialized password')
    expect(mail?.html).toContain('<html lang="en">')
    expect(mail?.text).toContain('30 November 2026, 08:43 UTC')
    expect(mail?.text).toContain('*****0111')
    expect(mail?.text).toContain('your current password still works')
  })

  it('masks the login ID and names the expiry with its time zone', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const [mail] = client.mailer.sent
    for (const part of [mail?.text, mail?.html]) {
      expect(part).toContain('*****6789')
      expect(part).toContain('2026年11月30日 17:43 (JST)')
      expect(part).not.toContain('123456789')
    }
    expect(mail?.subject).not.toContain('123456789')
  })

  it('has a text and an HTML part, both carrying the initialized password', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const [mail] = client.mailer.sent
    const password = initializedPasswordIn(mail) ?? ''
    expect(password).toHaveLength(24)
    expect(mail?.text).not.toContain('<')
    expect(mail?.html).toMatch(/^<!doctype html>/)
    expect(mail?.html).toContain(`>${password.match(/.{4}/g)?.join('-')}</code>`)
  })

  it('links to the password change page on the configured public URL, whatever Host the request names', async () => {
    const client = testClient({ env: { PUBLIC_BASE_URL: 'https://accounts.example.com' } })
    const response = await client.postForm('http://evil.example/password/initialize', TARO, {
      Host: 'evil.example',
      'X-Forwarded-Host': 'evil.example',
      'X-Forwarded-Proto': 'http',
      Forwarded: 'host=evil.example;proto=http',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=ja')

    const [mail] = client.mailer.sent
    const password = initializedPasswordIn(mail) ?? ''
    expect(mail?.text).toContain('https://accounts.example.com/password/change?lang=ja')
    const links = [
      ...(mail?.text.match(/https?:\/\/[^\s"'<>]+/g) ?? []),
      ...(mail?.html.match(/https?:\/\/[^\s"'<>]+/g) ?? []),
    ]
    expect(new Set(links)).toEqual(
      new Set(['https://accounts.example.com/password/change?lang=ja']),
    )
    expect(mail?.html).toContain('href="https://accounts.example.com/password/change?lang=ja"')
    expect(JSON.stringify(mail)).not.toContain('evil.example')
    expect(links.join(' ')).not.toContain(password)
  })
})

describe('a failing mail binding (docs/contract.md#account-work-on-the-queue)', () => {
  it('revokes the initialized password nobody received and still answers as on delivery', async () => {
    const failing = testClient()
    failing.mailer.failWith = new Error('could not deliver to taro.koku@example.com')
    const failed = await observable(await failing.postForm(FORM, TARO))
    expect(failed.status).toBe(303)
    expect((await initializedPasswordRows())[0]?.revokedReason).toBe('mail_failed')

    await resetToDemoAccounts()
    const delivering = testClient()
    const delivered = await observable(await delivering.postForm(FORM, TARO))
    expect(delivering.mailer.sent).toHaveLength(1)
    expect(failed).toEqual(delivered)
  })

  it('leaves the row revoked as mail_failed with a reason that names no address', async () => {
    const client = testClient()
    client.clock.now = T0
    client.mailer.failWith = new Error('could not deliver to taro.koku@example.com')
    expect((await client.postForm(FORM, TARO)).status).toBe(303)

    expect(client.mailer.sent).toHaveLength(0)
    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      revokedAt: T0,
      revokedReason: 'mail_failed',
      deliveryState: 'failed',
    })
    expect(rows[0]?.deliveryError).toEqual(expect.any(String))
    expect(rows[0]?.deliveryError).not.toMatch(/@|taro|example/i)
  })

  it('keeps an earlier, delivered initialized password when the next send fails', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const delivered = initializedPasswordIn(client.mailer.sent[0]) ?? ''

    client.clock.now = T0 + 6 * MINUTE
    client.mailer.failWith = new Error('boom')
    expect((await client.postForm(FORM, TARO)).status).toBe(303)

    const [earlier, failed] = await initializedPasswordRows()
    expect(earlier).toMatchObject({ revokedAt: null, deliveryState: 'sent' })
    expect(await verifiesAsInitialized(delivered, earlier?.passwordHash)).toBe(true)
    expect(failed).toMatchObject({ revokedReason: 'mail_failed', deliveryState: 'failed' })
    expect(failed?.revokedAt).not.toBeNull()
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })
})

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
