import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { loginIdNotifications } from '../../../src/db/schema'
import { resetToDemoAccountsWithoutKeys } from '../../support/api-keys'
import { testClient } from '../../support/client'
import { HANAKO, T0 } from '../../support/fixtures'
import { LOGIN_ID_NOTIFICATIONS, postJson } from '../../support/json-api'
import { accountRow, db, expectNoneOf } from '../../support/rows'
import { feedSendingEvents, HARD, SOFT, sendingEvent } from '../../support/sending-events'
import {
  verifiesAsStandardWebhook,
  WEBHOOK_SECRET,
  WEBHOOKS_ON,
} from '../../support/webhook-receiver'

/** Hanako's contact: the person in charge of the two demo organizations. */
const HANAKO_JSON = {
  name: HANAKO.name,
  phone: { country: HANAKO.phoneCountry, number: HANAKO.phoneNumber },
  email: HANAKO.email,
}
const HANAKOS_LOGIN_IDS = ['987654321', '987654322']

let client: ReturnType<typeof testClient>

beforeEach(async () => {
  await resetToDemoAccountsWithoutKeys()
  client = testClient({ env: WEBHOOKS_ON })
  client.clock.now = T0
})

/** The login ID e-mail to Hanako, sent; its message ID. The queue's events are cleared. */
async function notifyHanako(): Promise<string> {
  expect((await postJson(client, LOGIN_ID_NOTIFICATIONS, HANAKO_JSON)).status).toBe(202)
  const [messageId] = client.mailer.messageIds
  expect(client.mailer.sent.map((mail) => mail.to)).toEqual([HANAKO.email])
  client.queue.events.length = 0
  client.receiver.received.length = 0
  return messageId ?? ''
}

const feed = (...bodies: unknown[]) => feedSendingEvents(client, ...bodies)

describe("a login ID notification's bounce or complaint (docs/webhooks.md)", () => {
  it('keeps the login IDs the e-mail listed with its row', async () => {
    await notifyHanako()
    const [row] = await db.select().from(loginIdNotifications)
    expect(row?.loginIds).toBe(HANAKOS_LOGIN_IDS.join(','))
  })

  it('emits a signed email.bounced naming the procedure and its login IDs, and flags a hard bounce', async () => {
    const messageId = await notifyHanako()
    await feed(sendingEvent('bounced', messageId, { ...HARD, recipient: HANAKO.email }))
    expect(client.queue.events.map((event) => [event.type, event.data])).toEqual([
      [
        'email.bounced',
        { procedure: 'login_id_notification', loginIds: HANAKOS_LOGIN_IDS, hard: true },
      ],
    ])
    await client.deliverQueue()
    const [post, ...more] = client.receiver.received
    expect(more).toEqual([])
    expect(post && (await verifiesAsStandardWebhook(WEBHOOK_SECRET, post, T0 / 1000))).toBe(true)
    expectNoneOf({ body: post?.body }, [HANAKO.email, 'Hanako', 'Sora', '1234-5678'])
    const [row] = await db.select().from(loginIdNotifications)
    expect(row?.deliveryOutcome).toBe('bounced')
    expect((await accountRow('987654321'))?.emailBouncedAt).toEqual(expect.any(Number))
  })

  it('emits email.bounced with hard false for a soft bounce, and email.complained for a complaint', async () => {
    const messageId = await notifyHanako()
    await feed(
      sendingEvent('bounced', messageId, SOFT),
      sendingEvent('delivered', messageId),
      sendingEvent('complained', messageId),
    )
    expect(client.queue.events.map((event) => [event.type, event.data])).toEqual([
      [
        'email.bounced',
        { procedure: 'login_id_notification', loginIds: HANAKOS_LOGIN_IDS, hard: false },
      ],
      ['email.complained', { procedure: 'login_id_notification', loginIds: HANAKOS_LOGIN_IDS }],
    ])
    // Two types, two webhook IDs; a repeat of one would carry the same ID.
    expect(new Set(client.queue.events.map((event) => event.id)).size).toBe(2)
  })

  it('emits nothing for a delivered, deferred or rejected e-mail', async () => {
    const messageId = await notifyHanako()
    await feed(
      sendingEvent('deferred', messageId, SOFT),
      sendingEvent('delivered', messageId),
      sendingEvent('rejected', messageId),
    )
    expect(client.queue.events).toEqual([])
  })

  it('emits nothing for a row written before the login IDs were kept', async () => {
    const messageId = await notifyHanako()
    await db
      .update(loginIdNotifications)
      .set({ loginIds: null })
      .where(eq(loginIdNotifications.messageId, messageId))
    const result = await feed(sendingEvent('complained', messageId))
    expect(result.explicitAcks).toEqual(['event-0'])
    expect(client.queue.events).toEqual([])
    const [row] = await db.select().from(loginIdNotifications)
    expect(row?.deliveryOutcome).toBe('complained')
  })
})
