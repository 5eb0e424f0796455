import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../../support/api-keys'
import { testClient } from '../../support/client'
import { d1FailingOn } from '../../support/failing-bindings'
import { KEN, TARO } from '../../support/fixtures'
import { expectProblem as problemOf } from '../../support/json-api'
import { initializedPasswordIn } from '../../support/recording-mailer'
import { auditRows, initializedPasswordRows, updateAccount } from '../../support/rows'
import { WEBHOOKS_ON } from '../../support/webhook-receiver'

type Client = ReturnType<typeof testClient>

const recover = (loginId: string, key: string | null) =>
  client.request(`/api/v1/accounts/${loginId}/password-initializations`, {
    method: 'POST',
    headers: key === null ? {} : bearer(key),
  })

async function expectProblem(response: Response, status: number, slug: string) {
  const document = await problemOf(response, status)
  expect(document.type).toBe(`/api/v1/problems/${slug}`)
}

let client: Client
let helpDesk: { id: string; key: string }

beforeEach(async () => {
  await resetToDemoAccountsWithoutKeys()
  client = testClient()
  helpDesk = await insertApiKey({ name: 'help-desk', scopes: 'accounts:recover,accounts:read' })
})

describe('POST /api/v1/accounts/{loginId}/password-initializations', () => {
  it('e-mails an initialized password to the stored address only, never in the answer', async () => {
    const response = await recover(TARO.loginId, helpDesk.key)
    expect(response.status).toBe(202)
    const text = await response.text()
    const body = JSON.parse(text)
    expect(body).toEqual({ status: 'accepted', requestId: response.headers.get('X-Request-Id') })

    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
    const password = initializedPasswordIn(client.mailer.sent[0])
    expect(password).toMatch(/^[A-Z0-9]{24}$/)
    expect(text).not.toContain(password)
    const [row] = await initializedPasswordRows()
    expect(row).toMatchObject({ id: body.requestId, loginId: TARO.loginId, deliveryState: 'sent' })
  })

  it('is audited with the key and emits the usual event', async () => {
    client = testClient({ env: WEBHOOKS_ON })
    const response = await recover(TARO.loginId, helpDesk.key)
    const { requestId } = await response.json<{ requestId: string }>()
    expect(await auditRows()).toEqual([
      expect.objectContaining({
        procedure: 'help_desk_recovery',
        outcome: 'issued',
        loginId: TARO.loginId,
        requestId,
        apiKeyId: helpDesk.id,
      }),
    ])
    expect(client.queue.events.map((event) => event.type)).toEqual([
      'password_initialization.issued',
    ])
    const history = await client.request(`/api/v1/accounts/${TARO.loginId}/events`, {
      headers: bearer(helpDesk.key),
    })
    const page = await history.json<{ events: Array<Record<string, unknown>> }>()
    expect(page.events[0]).toMatchObject({ outcome: 'issued', apiKey: 'help-desk' })
  })

  it('counts toward the per-account cap: a second one in the window sends nothing', async () => {
    expect((await recover(TARO.loginId, helpDesk.key)).status).toBe(202)
    expect((await recover(TARO.loginId, helpDesk.key)).status).toBe(202)
    expect(client.mailer.sent).toHaveLength(1)
    expect((await auditRows()).map((row) => row.outcome).sort()).toEqual(['cooldown', 'issued'])
  })

  it('sends nothing to a locked account (audited inactive)', async () => {
    expect((await recover(KEN.loginId, helpDesk.key)).status).toBe(202)
    expect(client.mailer.sent).toHaveLength(0)
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['inactive'])
  })

  it('answers 404 for an unknown or closed account and queues nothing', async () => {
    await expectProblem(await recover('100000009', helpDesk.key), 404, 'account-not-found')
    await updateAccount(TARO.loginId, { status: 'closed' })
    await expectProblem(await recover(TARO.loginId, helpDesk.key), 404, 'account-not-found')
    expect(client.queue.sent).toHaveLength(0)
    expect(client.mailer.sent).toHaveLength(0)
  })

  it('needs a key with accounts:recover: none is 401, another scope 403, a bad login ID 422', async () => {
    await expectProblem(await recover(TARO.loginId, null), 401, 'api-key-required')
    const reader = await insertApiKey({ scopes: 'accounts:read,accounts:write,recovery' })
    await expectProblem(await recover(TARO.loginId, reader.key), 403, 'insufficient-scope')
    await expectProblem(await recover('12345', helpDesk.key), 422, 'invalid-fields')
    expect(client.queue.sent).toHaveLength(0)
  })
})

describe('help-desk recovery when D1 fails', () => {
  it('answers 503, queues nothing and names the procedure in the log line', async () => {
    client = testClient({ env: { DB: d1FailingOn(env.DB, /from "accounts"/i) } })
    await expectProblem(await recover(TARO.loginId, helpDesk.key), 503, 'service-unavailable')
    expect(client.queue.sent).toEqual([])
    expect(client.mailer.sent).toEqual([])
    // Drizzle wraps the binding's error: the line carries its kind, never its text.
    expect(client.logs.events('help_desk_recovery_failed')).toHaveLength(1)
  })
})
