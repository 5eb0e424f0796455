import { beforeEach, describe, expect, it } from 'vitest'
import { exportCells } from '../../../src/accounts/csv-export'
import { loginIdNotifications } from '../../../src/db/schema'
import { EMAIL_EVENTS_QUEUE } from '../../../src/procedures/delivery-outcome/consume'
import wranglerToml from '../../../wrangler.toml?raw'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../../support/api-keys'
import { testClient } from '../../support/client'
import { TARO } from '../../support/fixtures'
import {
  LOGIN_ID_NOTIFICATIONS,
  PASSWORD_INITIALIZATIONS,
  postJson,
  TARO_CONTACT_JSON,
  TARO_JSON,
} from '../../support/json-api'
import { accountRow, db, initializedPasswordRows } from '../../support/rows'
import { feedSendingEvents, HARD, SOFT, sendingEvent } from '../../support/sending-events'
import { WEBHOOKS_ON } from '../../support/webhook-receiver'

type Client = ReturnType<typeof testClient>
let client: Client

beforeEach(async () => {
  await resetToDemoAccountsWithoutKeys()
  client = testClient({ env: WEBHOOKS_ON })
})

const feed = (...bodies: unknown[]) => feedSendingEvents(client, ...bodies)

/** Taro's initialized password, e-mailed; the message ID the Email Service answered. */
async function issueForTaro(): Promise<string> {
  expect((await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)).status).toBe(202)
  const [messageId] = client.mailer.messageIds
  expect(messageId).toEqual(expect.any(String))
  return messageId ?? ''
}

const issuance = async () => (await initializedPasswordRows())[0]
const webhookTypes = () => client.queue.events.map((event) => [event.type, event.data])

describe('Email Service sending events', () => {
  it('stores the message ID of the send with the issuance', async () => {
    const messageId = await issueForTaro()
    expect(await issuance()).toMatchObject({
      messageId,
      deliveryState: 'sent',
      deliveryOutcome: null,
    })
  })

  it('records delivered, and a late deferred does not hide it', async () => {
    const messageId = await issueForTaro()
    const result = await feed(sendingEvent('delivered', messageId))
    expect(result.explicitAcks).toEqual(['event-0'])
    expect(await issuance()).toMatchObject({ deliveryOutcome: 'delivered', revokedAt: null })
    await feed(sendingEvent('deferred', messageId, SOFT))
    expect((await issuance())?.deliveryOutcome).toBe('delivered')

    const key = (await insertApiKey({ scopes: 'accounts:read' })).key
    const history = await client.request(`/api/v1/accounts/${TARO.loginId}/events`, {
      headers: bearer(key),
    })
    const page = await history.json<{ events: Array<{ delivery: string }> }>()
    expect(page.events.map((event) => event.delivery)).toEqual(['delivered'])
  })

  it('revokes the password of a hard bounce, flags the account and emits email.bounced', async () => {
    const messageId = await issueForTaro()
    client.queue.events.length = 0
    await feed(sendingEvent('bounced', messageId, HARD))
    expect(await issuance()).toMatchObject({
      deliveryOutcome: 'bounced',
      revokedAt: expect.any(Number),
      revokedReason: 'bounced',
    })
    expect((await accountRow(TARO.loginId))?.emailBouncedAt).toEqual(expect.any(Number))
    expect(webhookTypes()).toEqual([
      [
        'email.bounced',
        { procedure: 'password_initialization', loginId: TARO.loginId, hard: true },
      ],
    ])
  })

  it('revokes on a soft bounce without flagging the address', async () => {
    const messageId = await issueForTaro()
    await feed(sendingEvent('bounced', messageId, SOFT))
    expect((await issuance())?.revokedReason).toBe('bounced')
    expect((await accountRow(TARO.loginId))?.emailBouncedAt).toBeNull()
  })

  it('revokes the password of a complaint and emits email.complained', async () => {
    const messageId = await issueForTaro()
    client.queue.events.length = 0
    await feed(sendingEvent('delivered', messageId), sendingEvent('complained', messageId))
    expect(await issuance()).toMatchObject({
      deliveryOutcome: 'complained',
      revokedReason: 'complained',
    })
    expect(webhookTypes()).toEqual([
      ['email.complained', { procedure: 'password_initialization', loginId: TARO.loginId }],
    ])
  })

  it('records the outcome of a login ID notification', async () => {
    await postJson(client, LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON)
    const [messageId] = client.mailer.messageIds
    await feed(sendingEvent('rejected', messageId ?? ''))
    const [row] = await db.select().from(loginIdNotifications)
    expect(row).toMatchObject({ messageId, deliveryOutcome: 'rejected' })
  })

  it('acknowledges an unknown message ID, another event type or a malformed body, changing nothing', async () => {
    const messageId = await issueForTaro()
    const before = await issuance()
    const result = await feed(
      sendingEvent('bounced', 'someone-elses-message', HARD),
      { ...sendingEvent('delivered', messageId), type: 'cf.workers.script.deployed' },
      { type: 'cf.email.sending.message.bounced', payload: {} },
      'not an event',
    )
    expect(result.explicitAcks.sort()).toEqual(['event-0', 'event-1', 'event-2', 'event-3'])
    expect(await issuance()).toEqual(before)
    expect((await accountRow(TARO.loginId))?.emailBouncedAt).toBeNull()
  })

  it('shows the hard bounce in GET /api/v1/accounts/{loginId} and the export until the address changes', async () => {
    const messageId = await issueForTaro()
    await feed(sendingEvent('bounced', messageId, HARD))
    const key = (await insertApiKey({ scopes: 'accounts:read,accounts:write' })).key
    const account = () =>
      client.request(`/api/v1/accounts/${TARO.loginId}`, { headers: bearer(key) })
    const flagged = await (await account()).json<Record<string, unknown>>()
    expect(flagged.emailBouncedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    const stored = await accountRow(TARO.loginId)
    expect(stored && exportCells(stored).at(-1)).toBe(flagged.emailBouncedAt)

    const put = (email: string) =>
      client.request(`/api/v1/accounts/${TARO.loginId}`, {
        method: 'PUT',
        headers: { ...bearer(key), 'Content-Type': 'application/json' },
        body: JSON.stringify({
          kind: 'individual',
          locale: 'ja',
          contact: { givenName: 'Taro', familyName: 'Koku', phone: '+819012345678', email },
        }),
      })
    // The same address again (another field changed): still flagged.
    expect((await put(TARO.email)).status).toBe(200)
    expect((await (await account()).json<Record<string, unknown>>()).emailBouncedAt).toBe(
      flagged.emailBouncedAt,
    )
    expect((await put('taro.new@example.com')).status).toBe(200)
    expect((await (await account()).json<Record<string, unknown>>()).emailBouncedAt).toBeNull()
    expect((await accountRow(TARO.loginId))?.emailBouncedAt).toBeNull()
  })

  it('is consumed from the queue wrangler.toml names', () => {
    expect(wranglerToml).toContain(`[[queues.consumers]]\nqueue = "${EMAIL_EVENTS_QUEUE}"`)
  })
})
