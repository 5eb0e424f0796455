import { beforeEach, describe, expect, it } from 'vitest'
import { resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import { MINUTE, TARO } from '../support/fixtures'
import {
  ACCEPTED_BODY,
  expectAccepted,
  expectProblem,
  fieldErrors,
  type JsonBody,
  KEN_JSON,
  LIMIT,
  LOGIN_ID_NOTIFICATIONS,
  observable,
  PASSWORD_INITIALIZATIONS,
  paddedJson,
  postJson,
  TARO_CONTACT_JSON,
  TARO_JSON,
  TARO_PHONE_OBJECT,
  WINDOW_T0,
  withoutKey,
} from '../support/json-api'
import { INITIALIZED_PASSWORD_PATTERN, initializedPasswordIn } from '../support/recording-mailer'
import { countingStream } from '../support/request-bodies'
import {
  initializedPasswordRows,
  loginIdNotificationRows,
  verifiesAsInitialized,
} from '../support/rows'

beforeEach(resetToDemoAccountsWithoutKeys)

describe('a valid request (202)', () => {
  it.each([
    { form: 'an E.164 string', phone: TARO_JSON.phone },
    { form: '{country, number}', phone: TARO_PHONE_OBJECT },
  ])(
    'issues an initialized password when all four fields match, phone as $form',
    async ({ phone }) => {
      const client = testClient()
      client.clock.now = WINDOW_T0
      // Typed in upper case: the mail still goes to the stored address.
      const response = await postJson(client, PASSWORD_INITIALIZATIONS, {
        ...TARO_JSON,
        phone,
        email: 'TARO.KOKU@EXAMPLE.COM',
      })
      await expectAccepted(response)

      expect(client.mailer.sent).toHaveLength(1)
      const [mail] = client.mailer.sent
      expect(mail?.to).toBe('taro.koku@example.com')
      const password = initializedPasswordIn(mail)
      expect(password).toMatch(INITIALIZED_PASSWORD_PATTERN)

      // The same service as the form: one hashed, sent row valid for 60 minutes.
      const rows = await initializedPasswordRows()
      expect(rows).toHaveLength(1)
      const [row] = rows
      expect(row).toMatchObject({
        loginId: '123456789',
        issuedAt: WINDOW_T0,
        expiresAt: WINDOW_T0 + 60 * MINUTE,
        usedAt: null,
        revokedAt: null,
        deliveryState: 'sent',
      })
      expect(row?.passwordHash).not.toContain(password)
      expect(await verifiesAsInitialized(password, row?.passwordHash)).toBe(true)
    },
  )

  it.each([
    { form: 'an E.164 string', phone: TARO_JSON.phone },
    { form: '{country, number}', phone: TARO_PHONE_OBJECT },
  ])(
    'e-mails the login ID when name, phone and e-mail match, phone as $form',
    async ({ phone }) => {
      const client = testClient()
      const response = await postJson(client, LOGIN_ID_NOTIFICATIONS, {
        ...TARO_CONTACT_JSON,
        phone,
        email: 'Taro.Koku@Example.com',
      })
      await expectAccepted(response)
      expect(client.mailer.sent).toHaveLength(1)
      const [mail] = client.mailer.sent
      expect(mail?.to).toBe('taro.koku@example.com')
      expect(mail?.text).toContain('123456789')
      expect(await loginIdNotificationRows()).toHaveLength(1)
      expect(await initializedPasswordRows()).toEqual([])
    },
  )

  it('lists every login ID of an organization contact in one e-mail', async () => {
    const client = testClient()
    const response = await postJson(client, LOGIN_ID_NOTIFICATIONS, {
      name: 'Hanako SORA',
      phone: { country: 'JP', number: '03-1234-5678' },
      email: 'it-admin@example.co.jp',
    })
    await expectAccepted(response)
    expect(client.mailer.sent).toHaveLength(1)
    expect(client.mailer.sent[0]?.text).toContain('987654321')
    expect(client.mailer.sent[0]?.text).toContain('987654322')
  })

  it('answers every kind of password initialization mismatch exactly like a match', async () => {
    const client = testClient()
    client.clock.now = WINDOW_T0
    const mismatches: Array<[string, JsonBody]> = [
      ['a wrong name', { ...TARO_JSON, name: 'Jiro KOKU' }],
      ['a wrong phone number', { ...TARO_JSON, phone: '+819012345679' }],
      ['a wrong e-mail address', { ...TARO_JSON, email: 'taro@example.com' }],
      ['an unknown login ID', { ...TARO_JSON, loginId: '111222333' }],
      ['a locked account', KEN_JSON],
    ]
    const answers: Array<[string, Awaited<ReturnType<typeof observable>>]> = []
    for (const [variant, body] of mismatches) {
      answers.push([
        variant,
        await observable(await postJson(client, PASSWORD_INITIALIZATIONS, body)),
      ])
    }
    expect(client.mailer.sent).toEqual([])
    expect(await initializedPasswordRows()).toEqual([])

    const match = await observable(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON))
    expect(client.mailer.sent).toHaveLength(1)
    client.clock.now = WINDOW_T0 + 4 * MINUTE
    answers.push([
      'a match within the per-account cooldown',
      await observable(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)),
    ])
    expect(client.mailer.sent).toHaveLength(1)
    expect(await initializedPasswordRows()).toHaveLength(1)

    expect(match.status).toBe(202)
    expect(match.body).toBe(ACCEPTED_BODY)
    for (const [variant, answer] of answers) expect(answer, variant).toEqual(match)
  })

  it('answers every kind of login ID notification mismatch exactly like a match', async () => {
    const client = testClient()
    client.clock.now = WINDOW_T0
    const mismatches: Array<[string, JsonBody]> = [
      ['a wrong name', { ...TARO_CONTACT_JSON, name: 'Jiro KOKU' }],
      ['a wrong phone number', { ...TARO_CONTACT_JSON, phone: '+819012345679' }],
      ['a wrong e-mail address', { ...TARO_CONTACT_JSON, email: 'taro@example.com' }],
      ['nobody at all', { name: 'Nobody Known', phone: '+819000000000', email: 'no@example.com' }],
      ['a locked account', withoutKey(KEN_JSON, 'loginId')],
    ]
    const answers: Array<[string, Awaited<ReturnType<typeof observable>>]> = []
    for (const [variant, body] of mismatches) {
      answers.push([
        variant,
        await observable(await postJson(client, LOGIN_ID_NOTIFICATIONS, body)),
      ])
    }
    expect(client.mailer.sent).toEqual([])

    const match = await observable(
      await postJson(client, LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON),
    )
    expect(client.mailer.sent).toHaveLength(1)
    client.clock.now = WINDOW_T0 + 4 * MINUTE
    answers.push([
      'a match within the per-address cooldown',
      await observable(await postJson(client, LOGIN_ID_NOTIFICATIONS, TARO_CONTACT_JSON)),
    ])
    expect(client.mailer.sent).toHaveLength(1)

    expect(match.status).toBe(202)
    expect(match.body).toBe(ACCEPTED_BODY)
    for (const [variant, answer] of answers) expect(answer, variant).toEqual(match)
  })

  it('shares the per-account cap with the form: a form post after a JSON match sends nothing', async () => {
    const client = testClient()
    client.clock.now = WINDOW_T0
    await expectAccepted(await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON))
    client.clock.now = WINDOW_T0 + MINUTE
    const form = await client.postForm('/password/initialize', TARO)
    expect(form.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    expect(await initializedPasswordRows()).toHaveLength(1)
  })

  it.each([
    'APPLICATION/JSON; Charset=UTF-8',
    'application/json;charset=utf-8',
    'application/json; charset="utf-8"',
    'Application/Json',
  ])('accepts the Content-Type %s as JSON', async (contentType) => {
    const client = testClient()
    await expectAccepted(
      await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, { 'Content-Type': contentType }),
    )
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('accepts a body of exactly 16 KiB, with Content-Length or streamed', async () => {
    const client = testClient()
    client.clock.now = WINDOW_T0
    const body = paddedJson(TARO_JSON, LIMIT)
    await expectAccepted(
      await postJson(client, PASSWORD_INITIALIZATIONS, body, { 'Content-Length': String(LIMIT) }),
    )
    const { stream, read } = countingStream(paddedJson(TARO_CONTACT_JSON, LIMIT))
    await expectAccepted(await postJson(client, LOGIN_ID_NOTIFICATIONS, stream))
    expect(read.bytes).toBe(LIMIT)
    expect(client.mailer.sent).toHaveLength(2)
  })

  // Which of two values a parser keeps differs between parsers: a repeated key is refused.
  it('refuses a repeated key, whichever value comes last, and sends nothing', async () => {
    const client = testClient()
    client.clock.now = WINDOW_T0
    const wrongLast = `{"loginId":"123456789","name":"Taro KOKU","phone":"+819012345678","email":"taro.koku@example.com","email":"b@example.com"}`
    const rightLast = `{"loginId":"123456789","name":"Taro KOKU","phone":"+819012345678","email":"b@example.com","email":"taro.koku@example.com"}`
    for (const body of [wrongLast, rightLast]) {
      const problem = await expectProblem(
        await postJson(client, PASSWORD_INITIALIZATIONS, body),
        400,
      )
      expect(fieldErrors(problem)).toEqual([{ field: 'email', code: 'duplicate_key' }])
    }
    expect(client.mailer.sent).toEqual([])
  })
})
