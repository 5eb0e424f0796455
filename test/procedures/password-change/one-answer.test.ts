import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { messages } from '../../../src/i18n'
import { testClient } from '../../support/client'
import { CountingD1Database } from '../../support/counting-d1'
import { resetToDemoAccounts } from '../../support/demo'
import { TARO } from '../../support/fixtures'
import { errorSummary, escapeHtml } from '../../support/form-page'
import {
  changeOf,
  FORM,
  initializedPasswordFor,
  twice,
  WRONG_PASSWORD,
} from '../../support/password-change'
import {
  auditRows,
  currentPasswordHashOf,
  failureRows,
  refusedRows,
  wrongTriesOf,
} from '../../support/rows'

beforeEach(resetToDemoAccounts)

const t = messages('ja')
const serviceNameMessage = escapeHtml(t.passwordChange.errors.newPassword.contains_context_word)
const wrongPasswordMessage = escapeHtml(t.passwordChange.errors.wrongPassword)

/** The page without what differs from one request to the next by design (CSP nonces). */
const withoutNonces = (page: string) => page.replaceAll(/nonce="[^"]*"/g, 'nonce=""')

/** The headers a stranger sees, without the per-request ones. */
const stableHeaders = (response: Response) =>
  [...response.headers].filter(
    ([name]) => !['content-security-policy', 'x-request-id', 'date'].includes(name),
  )

describe('a new password holding a word of the service name (docs/passwords.md)', () => {
  it.each([
    { guess: 'a right password', password: DEMO_PASSWORD },
    { guess: 'a wrong password', password: WRONG_PASSWORD },
  ])('is refused as a field error before $guess is checked', async ({ password }) => {
    const counting = new CountingD1Database(env.DB)
    const client = testClient({ env: { DB: counting } })
    const response = await client.postForm(
      FORM,
      changeOf(password, twice('violet harbour account 42')),
    )
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(errorSummary(page)).toContain(serviceNameMessage)
    expect(page).not.toContain(wrongPasswordMessage)
    // Counted as an invalid post; no try, no account read, nothing changed.
    expect(counting.calls.flat().some((query) => query.includes('"accounts"'))).toBe(false)
    expect(await failureRows()).toEqual([])
    expect((await refusedRows()).map((row) => [row.procedure, row.outcome])).toEqual([
      ['password_change', 'invalid'],
    ])
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })
})

describe("a new password holding the account's name or e-mail address (docs/passwords.md)", () => {
  /** One post of Taro's change to a new password holding his family name, as seen from outside. */
  async function seenFromOutside(password: string) {
    const counting = new CountingD1Database(env.DB)
    const client = testClient({ env: { DB: counting } })
    const response = await client.postForm(
      FORM,
      changeOf(password, twice('violet koku harbour kettle')),
    )
    const body = await response.text()
    return {
      client,
      seen: {
        status: response.status,
        body: withoutNonces(body),
        headers: stableHeaders(response),
        statements: counting.calls,
        counters: {
          ...(await wrongTriesOf(TARO.loginId)),
          failures: (await failureRows()).length,
          refused: (await refusedRows()).length,
        },
      },
    }
  }

  it('answers a right and a wrong guess alike: status, body, headers, statements, counters', async () => {
    const wrong = await seenFromOutside(WRONG_PASSWORD)
    await resetToDemoAccounts()
    const right = await seenFromOutside(DEMO_PASSWORD)

    expect(wrong.seen.status).toBe(422)
    expect(wrong.seen.body).toContain(wrongPasswordMessage)
    expect(wrong.seen.counters).toMatchObject({ tries: 1, failures: 1, refused: 0 })
    expect(right.seen).toEqual(wrong.seen)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('e-mails the holder, in his language, only when the password was right', async () => {
    const wrong = await seenFromOutside(WRONG_PASSWORD)
    expect(wrong.client.mailer.sent).toEqual([])
    await resetToDemoAccounts()

    const right = await seenFromOutside(DEMO_PASSWORD)
    expect(right.client.mailer.sent).toHaveLength(1)
    const [mail] = right.client.mailer.sent
    expect(mail?.to).toBe(TARO.email)
    expect(mail?.subject).toContain('パスワードは変更されませんでした')
    expect(mail?.text).toContain('お名前またはメールアドレスが含まれていた')
    expect(mail?.text).toContain('/password/initialize')
    expect(mail?.text).not.toContain('koku harbour')
    // The operator's trail tells the two apart; the answer does not.
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['rejected_new_password'])
  })

  it('counts toward the lockout like any wrong password', async () => {
    const client = testClient()
    for (let i = 0; i < 5; i++) {
      const response = await client.postForm(
        FORM,
        changeOf(DEMO_PASSWORD, twice('violet koku harbour kettle')),
      )
      expect(response.status).toBe(422)
    }
    const locked = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    expect(locked.status).toBe(429)
    expect(await wrongTriesOf(TARO.loginId)).toMatchObject({ tries: 5 })
  })

  it('is refused for an initialized password too, which stays usable', async () => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    const refused = await client.postForm(
      FORM,
      changeOf(initialized, twice('violet harbour taro.koku 42')),
    )
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain(wrongPasswordMessage)
    expect((await client.postForm(FORM, changeOf(initialized))).status).toBe(303)
  })
})
