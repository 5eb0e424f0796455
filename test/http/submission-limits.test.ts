import { beforeEach, describe, expect, it } from 'vitest'
import { type Locale, messages } from '../../src/i18n'
import wranglerToml from '../../wrangler.toml?raw'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { from, MINUTE, TARO, TARO_CONTACT } from '../support/fixtures'
import { WINDOW_T0 as T0 } from '../support/json-api'
import { initializedPasswordRows, loginIdNotificationRows } from '../support/rows'
import {
  INITIALIZE,
  IP,
  IP_WINDOW_END,
  NOTIFY,
  PER_IP_ONLY,
  pageHeading,
  tenSubmissionsFrom,
  unknownContact,
  unknownLoginId,
} from '../support/submission-limits'

beforeEach(resetToDemoAccounts)

const OTHER_IP = '203.0.113.8'

describe('the defaults in wrangler.toml (docs/contract.md#abuse-limits)', () => {
  /** One `NAME = "value"` line of the `[vars]` table. */
  const tomlVar = (name: string) => {
    const vars = /^\[vars\]\s*$([\s\S]*?)(?=^\[)/m.exec(wranglerToml)?.[1] ?? ''
    return new RegExp(`^${name}\\s*=\\s*"([^"]*)"\\s*$`, 'm').exec(vars)?.[1]
  }

  it('allow 10 submissions per IP per 10 minutes and 5 per login ID per hour', () => {
    expect(tomlVar('RATE_LIMIT_PER_IP')).toBe('10/600')
    expect(tomlVar('RATE_LIMIT_PER_LOGIN_ID')).toBe('5/3600')
  })
})

describe('the per-IP limit', () => {
  it('answers the eleventh submission in 10 minutes with 429 and lets other clients and the next window through', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    await tenSubmissionsFrom(client, IP)
    const mailsBefore = client.mailer.sent.length

    const limited = await client.postForm(INITIALIZE, TARO, from(IP))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBe('420')
    expect(limited.headers.get('Location')).toBeNull()
    expect(limited.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(limited.headers.get('Cache-Control')).toBe('no-store')
    const page = await pageHeading(limited)
    expect(page.lang).toBe('ja')
    expect(page.h1).toBe(messages('ja').tooManyRequests.title)
    expect(page.text).toContain(messages('ja').tooManyRequests.body(7))
    expect(client.mailer.sent).toHaveLength(mailsBefore)
    expect(await initializedPasswordRows()).toHaveLength(0)

    // Another client is not held back by this one.
    const other = await client.postForm(INITIALIZE, TARO, from(OTHER_IP))
    expect(other.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])

    // Up to the end of the window the limit holds, with Retry-After counting down to it.
    client.clock.now = IP_WINDOW_END - 1
    const last = await client.postForm(NOTIFY, unknownContact(99), from(IP))
    expect(last.status).toBe(429)
    expect(last.headers.get('Retry-After')).toBe('1')

    // Once the 10-minute window is over, the client is served again.
    client.clock.now = T0 + 10 * MINUTE
    const next = await client.postForm(INITIALIZE, TARO, from(IP))
    expect(next.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(2)
    expect(await initializedPasswordRows()).toHaveLength(2)
  })

  const languages: Array<{ locale: Locale; query: string }> = [
    { locale: 'ja', query: '' },
    { locale: 'en', query: '?lang=en' },
  ]
  it.each(languages)(
    'writes the 429 page in the language of the request ($locale)',
    async ({ locale, query }) => {
      const client = testClient({ env: PER_IP_ONLY })
      client.clock.now = T0
      await tenSubmissionsFrom(client, IP)

      const limited = await client.postForm(`${INITIALIZE}${query}`, TARO, from(IP))
      expect(limited.status).toBe(429)
      // Seven minutes to the end of the 10-minute window T0 is in.
      expect(limited.headers.get('Retry-After')).toBe('420')
      const retryAfter = 420
      expect(limited.headers.get('Content-Type')).toMatch(/^text\/html/)
      const page = await pageHeading(limited)
      const t = messages(locale).tooManyRequests
      expect(page.lang).toBe(locale)
      expect(page.title).toContain(t.title)
      expect(page.h1).toBe(t.title)
      expect(page.text).toContain(t.body(Math.ceil(retryAfter / 60)))
    },
  )

  const orders = [
    { first: 'password initializations', path: INITIALIZE, other: NOTIFY, post: TARO_CONTACT },
    { first: 'login ID notifications', path: NOTIFY, other: INITIALIZE, post: TARO },
  ]
  it.each(orders)(
    'counts both procedures together: after ten $first, the other procedure is refused',
    async ({ path, other, post }) => {
      const client = testClient({ env: PER_IP_ONLY })
      client.clock.now = T0
      for (let n = 0; n < 10; n++) {
        const fields = path === INITIALIZE ? unknownLoginId(n) : unknownContact(n)
        expect((await client.postForm(path, fields, from(IP))).status).toBe(303)
      }
      const limited = await client.postForm(other, post, from(IP))
      expect(limited.status).toBe(429)
      expect(limited.headers.get('Retry-After')).toBe('420')
      expect(client.mailer.sent).toHaveLength(0)
      expect(await initializedPasswordRows()).toHaveLength(0)
      expect(await loginIdNotificationRows()).toHaveLength(0)
    },
  )

  it('counts IPv6 clients by their /64 prefix', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    for (let n = 0; n < 5; n++) {
      const first = await client.postForm(INITIALIZE, unknownLoginId(n), from('2001:db8:1:2::1'))
      expect(first.status).toBe(303)
      const second = await client.postForm(
        INITIALIZE,
        unknownLoginId(n + 5),
        from('2001:db8:1:2:ffff::9'),
      )
      expect(second.status).toBe(303)
    }
    const sameSubnet = await client.postForm(
      INITIALIZE,
      TARO,
      from('2001:0db8:0001:0002:abcd:0:0:42'),
    )
    expect(sameSubnet.status).toBe(429)
    expect((await client.postForm(INITIALIZE, TARO, from('2001:db8:1:2::1'))).status).toBe(429)

    const otherSubnet = await client.postForm(INITIALIZE, TARO, from('2001:db8:1:3::1'))
    expect(otherSubnet.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('does not charge invalid submissions (422) to the client: 30 of them leave its limit whole', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    for (let n = 0; n < 15; n++) {
      const invalid = await client.postForm(INITIALIZE, { ...TARO, loginId: '12345678' }, from(IP))
      expect(invalid.status).toBe(422)
      const alsoInvalid = await client.postForm(NOTIFY, { ...TARO_CONTACT, email: 'x' }, from(IP))
      expect(alsoInvalid.status).toBe(422)
    }
    // A neighbour behind the same address still gets their correct submission through.
    const valid = await client.postForm(INITIALIZE, TARO, from(IP))
    expect(valid.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    // ...and the whole per-IP limit: nine more valid ones pass, the eleventh is 429.
    for (let n = 0; n < 9; n++) {
      expect((await client.postForm(INITIALIZE, unknownLoginId(n), from(IP))).status).toBe(303)
    }
    expect((await client.postForm(INITIALIZE, unknownLoginId(9), from(IP))).status).toBe(429)
  })

  it('answers an invalid submission past the limit with 422, not 429: validation comes first', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    await tenSubmissionsFrom(client, IP)
    const invalid = await client.postForm(INITIALIZE, { ...TARO, loginId: '12345678' }, from(IP))
    expect(invalid.status).toBe(422)
    expect(invalid.headers.get('Retry-After')).toBeNull()
  })
})
