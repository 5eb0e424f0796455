import { beforeEach, describe, expect, it } from 'vitest'
import { messages } from '../../src/i18n'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { type FormPost, from, JANE, observable, TARO, TARO_CONTACT } from '../support/fixtures'
import { WINDOW_T0 as T0 } from '../support/json-api'
import { initializedPasswordRows } from '../support/rows'
import {
  type Client,
  INITIALIZE,
  IP,
  NOTIFY,
  pageHeading,
  unknownLoginId,
} from '../support/submission-limits'

beforeEach(resetToDemoAccounts)

const LOGIN_ID_WINDOW_END = Date.UTC(2026, 11, 1, 10, 0, 0)

/** The contract's (docs/contract.md#abuse-limits) per-login-ID limit, with the per-IP one out of the way. */
const PER_LOGIN_ID_ONLY = { RATE_LIMIT_PER_IP: '1000/600', RATE_LIMIT_PER_LOGIN_ID: '5/3600' }

describe('the per-login-ID limit, counted per client', () => {
  /** Posts `fields` to the initialization form, always from one client. */
  const fromOneClient = (client: Client) => (fields: FormPost) =>
    client.postForm(INITIALIZE, fields, from(IP))

  it('answers the sixth submission from one client for one login ID in an hour with 429', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    for (let n = 0; n < 5; n++) expect((await post(TARO)).status).toBe(303)

    const limited = await post(TARO)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBe('3420')
    expect(limited.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(limited.headers.get('Cache-Control')).toBe('no-store')
    expect((await pageHeading(limited)).h1).toBe(messages('ja').tooManyRequests.title)

    // The first one issued; the cooldown in D1 kept the next four from sending anything.
    expect(client.mailer.sent).toHaveLength(1)
    expect(await initializedPasswordRows()).toHaveLength(1)
  })

  it('counts an unknown login ID exactly like an existing one and answers both alike', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    const unknown = { ...TARO, loginId: '111111111' }
    for (let n = 0; n < 5; n++) {
      expect((await post(TARO)).status).toBe(303)
      expect((await post(unknown)).status).toBe(303)
    }
    const existingAnswer = await observable(await post(TARO))
    const unknownAnswer = await observable(await post(unknown))
    expect(existingAnswer.status).toBe(429)
    expect(unknownAnswer).toEqual(existingAnswer)
  })

  it('holds other login IDs, and notifications that name none, unaffected', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    for (let n = 0; n < 5; n++) expect((await post(TARO)).status).toBe(303)
    expect((await post(TARO)).status).toBe(429)

    expect((await post(JANE)).status).toBe(303)
    const notification = await client.postForm(NOTIFY, TARO_CONTACT, from(IP))
    expect(notification.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email, JANE.email, TARO.email])
  })

  it('counts the login ID after normalization, however it was typed', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    for (const loginId of [
      '123456789',
      ' 123456789',
      '１２３４５６７８９',
      '123456789 ',
      '１２３456789',
    ]) {
      expect((await post({ ...TARO, loginId })).status).toBe(303)
    }
    expect((await post(TARO)).status).toBe(429)
  })

  it('lets the login ID through again once the hour window is over', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    for (let n = 0; n < 5; n++) expect((await post(TARO)).status).toBe(303)
    client.clock.now = LOGIN_ID_WINDOW_END - 1
    const last = await post(TARO)
    expect(last.status).toBe(429)
    expect(last.headers.get('Retry-After')).toBe('1')

    client.clock.now = LOGIN_ID_WINDOW_END
    expect((await post(TARO)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(2)
  })

  it('does not count invalid submissions against the login ID they name', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    for (let n = 0; n < 8; n++) {
      expect((await post({ ...TARO, email: 'not-an-address' })).status).toBe(422)
    }
    expect((await post(TARO)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('never answers the holder 429 for what strangers sent naming the login ID', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    // Junk naming Jane's login ID from five clients, each past the limit.
    for (let stranger = 1; stranger <= 5; stranger++) {
      for (let n = 0; n < 6; n++) {
        const junk = { ...JANE, name: `Someone Else${'x'.repeat(n)}` }
        await client.postForm(INITIALIZE, junk, from(`198.51.100.${stranger}`))
      }
      expect((await client.postForm(INITIALIZE, JANE, from(`198.51.100.${stranger}`))).status).toBe(
        429,
      )
    }
    // Jane, from her own connection, gets her initialized password.
    const own = await client.postForm(INITIALIZE, JANE, from('192.0.2.50'))
    expect(own.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([JANE.email])
  })

  it('applies the per-IP and per-login-ID limits together: whichever is reached first answers', async () => {
    const client = testClient({
      env: { RATE_LIMIT_PER_IP: '10/600', RATE_LIMIT_PER_LOGIN_ID: '5/3600' },
    })
    client.clock.now = T0
    for (let n = 0; n < 5; n++) {
      expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(303)
    }
    // The login ID is spent; the IP has five left, for other login IDs.
    expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(429)
    for (let n = 0; n < 5; n++) {
      expect((await client.postForm(INITIALIZE, unknownLoginId(n), from(IP))).status).toBe(303)
    }
    const limited = await client.postForm(INITIALIZE, unknownLoginId(9), from(IP))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBe('420')
  })
})
