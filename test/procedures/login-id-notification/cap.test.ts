import { beforeEach, describe, expect, it } from 'vitest'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { JANE_CONTACT, MINUTE, TARO_CONTACT } from '../../support/fixtures'
import { PERSONAL_DATA, T0 } from '../../support/login-id-notification'
import { expectNoneOf, loginIdNotificationRows } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const PATH = '/login-id/notify'

const SENT_JA = '/login-id/notify/sent?lang=ja'

describe('the per-address cap on login ID notifications', () => {
  it('sends nothing for a second request within 5 minutes, and sends again after them', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(PATH, TARO_CONTACT)).status).toBe(303)

    client.clock.now = T0 + 5 * MINUTE - 1_000
    const capped = await client.postForm(PATH, TARO_CONTACT)
    expect(capped.status).toBe(303)
    expect(capped.headers.get('Location')).toBe(SENT_JA)
    expect(client.mailer.sent).toHaveLength(1)

    client.clock.now = T0 + 5 * MINUTE + 1_000
    expect((await client.postForm(PATH, TARO_CONTACT)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(2)
  })

  it('counts the stored address, whatever case it was typed in', async () => {
    const client = testClient()
    client.clock.now = T0
    await client.postForm(PATH, TARO_CONTACT)
    client.clock.now = T0 + MINUTE
    await client.postForm(PATH, {
      ...TARO_CONTACT,
      email: 'TARO.KOKU@EXAMPLE.COM',
      name: 'koku taro',
    })

    expect(client.mailer.sent).toHaveLength(1)
  })

  it('keeps the cap of one address from holding back another', async () => {
    const client = testClient()
    client.clock.now = T0
    await client.postForm(PATH, TARO_CONTACT)
    await client.postForm(PATH, JANE_CONTACT)

    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([
      'taro.koku@example.com',
      'jane.doe@example.org',
    ])
  })

  it('sends at most 5 e-mails to one address in 24 hours', async () => {
    const client = testClient()
    for (let i = 0; i < 7; i++) {
      client.clock.now = T0 + i * 10 * MINUTE
      const response = await client.postForm(PATH, TARO_CONTACT)
      expect(response.status).toBe(303)
      expect(response.headers.get('Location')).toBe(SENT_JA)
    }
    expect(client.mailer.sent).toHaveLength(5)

    client.clock.now = T0 + 24 * 60 * MINUTE - 1_000
    await client.postForm(PATH, TARO_CONTACT)
    expect(client.mailer.sent).toHaveLength(5)

    client.clock.now = T0 + 24 * 60 * MINUTE + 1_000
    await client.postForm(PATH, TARO_CONTACT)
    expect(client.mailer.sent).toHaveLength(6)
  })

  it('sends one e-mail when two requests arrive at once', async () => {
    const client = testClient()
    client.clock.now = T0
    const responses = await Promise.all([
      client.postForm(PATH, TARO_CONTACT),
      client.postForm(PATH, { ...TARO_CONTACT, name: 'KOKU Taro' }),
    ])
    expect(responses.map((response) => response.status)).toEqual([303, 303])

    expect(client.mailer.sent).toHaveLength(1)
    expect(await loginIdNotificationRows()).toHaveLength(1)
  })

  it('keeps a hash of the address and never the address itself', async () => {
    const client = testClient()
    client.clock.now = T0
    await client.postForm(PATH, TARO_CONTACT)

    const rows = await loginIdNotificationRows()
    expect(rows).toHaveLength(1)
    const [row] = rows
    expect(row?.recipientHash).toMatch(/^[0-9a-f]{64}$/)
    expect(row?.sentAt).toBe(T0)
    expect(row?.deliveryState).toBe('sent')
    expectNoneOf(row ?? {}, PERSONAL_DATA)
  })

  it('still answers with the confirmation and records the failure when the mailer fails', async () => {
    const client = testClient()
    client.mailer.failWith = new Error('x')
    const response = await client.postForm(PATH, TARO_CONTACT)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(SENT_JA)

    const rows = await loginIdNotificationRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.deliveryState).toBe('failed')
    expectNoneOf(rows[0] ?? {}, PERSONAL_DATA)
  })
})
