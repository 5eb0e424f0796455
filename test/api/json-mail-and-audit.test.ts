import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { mailMessages } from '../../src/i18n/mail'
import { resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { from, MINUTE, TARO } from '../support/fixtures'
import {
  expectAccepted,
  IP,
  JANE_JSON,
  KEN_JSON,
  LOGIN_ID_NOTIFICATIONS,
  PASSWORD_INITIALIZATIONS,
  postJson,
  TARO_CONTACT_JSON,
  TARO_JSON,
  WINDOW_T0,
  withoutKey,
} from '../support/json-api'
import { auditRows, expectNoneOf, refusedRows } from '../support/rows'

beforeEach(resetToDemoAccountsWithoutKeys)

describe('the e-mail of a JSON match', () => {
  it.each([
    { account: 'a Japanese account', body: { ...TARO_JSON, locale: 'en' }, mailLocale: 'ja' },
    { account: 'an English account', body: { ...JANE_JSON, locale: 'ja' }, mailLocale: 'en' },
  ] as const)(
    'is in the language of $account whatever locale asks for',
    async ({ body, mailLocale }) => {
      const client = testClient()
      await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, body))
      expect(client.mailer.sent).toHaveLength(1)
      expect(client.mailer.sent[0]?.subject).toBe(
        mailMessages(mailLocale).initializedPassword.subject(env.SERVICE_NAME),
      )
    },
  )

  it('lists login IDs in the language of the account whatever locale asks for', async () => {
    const client = testClient()
    await expectAccepted(
      await postJson(client, LOGIN_ID_NOTIFICATIONS, {
        ...withoutKey(JANE_JSON, 'loginId'),
        locale: 'ja',
      }),
    )
    expect(client.mailer.sent[0]?.subject).toBe(
      mailMessages('en').loginIdNotification.subject(env.SERVICE_NAME),
    )
  })
})

describe('the audit trail of JSON submissions', () => {
  it('records each outcome like the form does, with no submitted personal data', async () => {
    const client = testClient({ env: { RATE_LIMIT_PER_LOGIN_ID: '2/3600' } })
    client.clock.now = WINDOW_T0
    const requestIds: Array<string | null> = []
    const post = async (path: string, body: unknown) => {
      const response = await postJson(client, path, body, from(IP))
      requestIds.push(response.headers.get('X-Request-Id'))
      return response
    }
    await post(PASSWORD_INITIALIZATIONS, TARO_JSON)
    await post(PASSWORD_INITIALIZATIONS, { ...TARO_JSON, name: 'Jiro KOKU' })
    await post(PASSWORD_INITIALIZATIONS, TARO_JSON)
    await post(PASSWORD_INITIALIZATIONS, { ...TARO_JSON, email: ['a@x', 'b@y'] })
    await post(PASSWORD_INITIALIZATIONS, KEN_JSON)
    await post(LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON)

    const rows = await auditRows()
    expect(
      rows.map(({ procedure, outcome, loginId }) => ({ procedure, outcome, loginId })),
    ).toEqual([
      { procedure: 'password_initialization', outcome: 'issued', loginId: '123456789' },
      { procedure: 'password_initialization', outcome: 'no_match', loginId: '123456789' },
      { procedure: 'password_initialization', outcome: 'inactive', loginId: '444000222' },
      { procedure: 'login_id_notification', outcome: 'sent', loginId: null },
    ])
    // The 429 and the 422 are counted, not written one row each.
    const [, , refusedLimit, refusedInvalid] = requestIds
    expect(rows.map((row) => row.requestId)).toEqual(
      requestIds.filter((id) => id !== refusedLimit && id !== refusedInvalid),
    )
    expect(
      (await refusedRows()).map((row) => [row.outcome, row.count, row.firstRequestId]),
    ).toEqual([
      ['rate_limited', 1, refusedLimit],
      ['invalid', 1, refusedInvalid],
    ])
    for (const row of rows) {
      expect(row.clientHash).toMatch(/^[0-9a-f]{64}$/)
      expect(row.occurredAt).toBe(WINDOW_T0)
      expectNoneOf({ ...row }, [IP, 'Taro', 'KOKU', '9012345678', 'taro.koku', 'a@x', 'Ken'])
    }
  })

  it('records a cooldown when a second match comes within 5 minutes', async () => {
    const client = testClient()
    client.clock.now = WINDOW_T0
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    client.clock.now = WINDOW_T0 + MINUTE
    await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['issued', 'cooldown'])
  })

  it('writes the same rows for a JSON post as for the same form post', async () => {
    const outcomesOf = async () =>
      (await auditRows()).map(({ procedure, outcome, loginId }) => ({
        procedure,
        outcome,
        loginId,
      }))
    const form = testClient()
    form.clock.now = WINDOW_T0
    await form.postForm('/password/initialize', { ...TARO, name: 'Jiro KOKU' })
    await form.postForm('/password/initialize', { ...TARO, loginId: 'abc' })
    await form.postForm('/password/initialize', TARO)
    const viaForm = await outcomesOf()

    await resetToDemoAccounts()
    const json = testClient()
    json.clock.now = WINDOW_T0
    await postJson(json, PASSWORD_INITIALIZATIONS, { ...TARO_JSON, name: 'Jiro KOKU' })
    await postJson(json, PASSWORD_INITIALIZATIONS, { ...TARO_JSON, loginId: 'abc' })
    await postJson(json, PASSWORD_INITIALIZATIONS, TARO_JSON)
    expect(await outcomesOf()).toEqual(viaForm)
    expect(viaForm.map((row) => row.outcome)).toEqual(['no_match', 'issued'])
  })
})
