import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { JANE, MINUTE, observable, T0, TARO, taro } from '../../support/fixtures'
import { initializedPasswordIn } from '../../support/recording-mailer'
import {
  currentPasswordHashOf,
  initializedPasswordRows,
  verifiesAsInitialized,
} from '../../support/rows'

beforeEach(resetToDemoAccounts)

const FORM = '/password/initialize'

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
