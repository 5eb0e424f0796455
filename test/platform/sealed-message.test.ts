import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { openSubmission } from '../../src/platform/sealed-message'
import { sealedBinding } from '../../src/platform/work-queue'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { TARO } from '../support/fixtures'
import {
  LOGIN_ID_NOTIFICATIONS,
  PASSWORD_INITIALIZATIONS,
  postJson,
  TARO_JSON,
} from '../support/json-api'
import { auditRows } from '../support/rows'

beforeEach(resetToDemoAccounts)

const INITIALIZE = '/password/initialize'
const NEW_KEY = 'Qm9vdHN0cmFwLXF1ZXVlLWtleS1yb3RhdGlvbi0yMDI3'
const keys = { current: env.QUEUE_MESSAGE_KEY, previous: null }

/** Every way the submitted personal data could show in a message body. */
const PERSONAL = [TARO.email, 'Taro', 'KOKU', '9012345678', '090-1234-5678', TARO.loginId]

describe('a work message on the queue', () => {
  it('holds no submitted name, phone, e-mail or login ID in clear, from the form or the API', async () => {
    const client = testClient()
    await client.enqueueForm(INITIALIZE, { ...TARO })
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    await postJson(client, LOGIN_ID_NOTIFICATIONS, {
      name: TARO_JSON.name,
      phone: TARO_JSON.phone,
      email: TARO_JSON.email,
    })
    expect(client.queue.sent).toHaveLength(3)
    const bodies = JSON.stringify(client.queue.sent)
    for (const value of PERSONAL) expect(bodies).not.toContain(value)
    for (const message of client.queue.sent) expect(message).not.toHaveProperty('request')
  })

  it('opens to the normalized submission, and the consumer does its work with it', async () => {
    const client = testClient()
    const requestId = await client.enqueueForm(INITIALIZE, { ...TARO })
    const [message] = client.queue.sent
    const binding = sealedBinding('password_initialization', requestId)
    expect(await openSubmission(message?.sealed ?? '', keys, binding)).toEqual({
      loginId: TARO.loginId,
      name: 'Taro KOKU',
      phone: '+819012345678',
      email: TARO.email,
    })
    await client.deliverQueue()
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['issued'])
  })

  it('sealed before a key rotation, still opens with the previous key', async () => {
    const client = testClient()
    await client.enqueueForm(INITIALIZE, { ...TARO })
    const rotated = {
      ...env,
      QUEUE_MESSAGE_KEY: NEW_KEY,
      QUEUE_MESSAGE_KEY_PREVIOUS: env.QUEUE_MESSAGE_KEY,
    }
    await client.queue.deliver(client.worker.queue, rotated)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
  })

  it('that opens with neither key is dropped and logged without its content, sending nothing', async () => {
    const client = testClient()
    await client.enqueueForm(INITIALIZE, { ...TARO })
    await client.queue.deliver(client.worker.queue, { ...env, QUEUE_MESSAGE_KEY: NEW_KEY })
    expect(client.queue.deliveries.map((d) => d.result)).toEqual(['acked'])
    expect(client.mailer.sent).toEqual([])
    expect(client.logs.events('work_message_malformed')).toHaveLength(1)
    for (const value of PERSONAL) expect(client.logs.lines.join('\n')).not.toContain(value)
  })

  it('moved into another message (another request ID) does not open', async () => {
    const sender = testClient()
    await sender.enqueueForm(INITIALIZE, { ...TARO })
    const [message] = sender.queue.sent
    if (message === undefined) throw new Error('nothing was enqueued')
    const client = testClient()
    client.queue.redeliver({ ...message, meta: { ...message.meta, requestId: 'someone-else' } }, 1)
    await client.deliverQueue()
    expect(client.mailer.sent).toEqual([])
    expect(client.logs.events('work_message_malformed')).toHaveLength(1)
  })
})
