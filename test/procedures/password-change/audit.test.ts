import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { passwordChangeFailures } from '../../../src/db/schema'
import { messages } from '../../../src/i18n'
import { isCommonPassword } from '../../../src/procedures/password-change/blocklist'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { failingD1 } from '../../support/failing-bindings'
import { HOUR, JANE, KEN, MINUTE, T0, TARO } from '../../support/fixtures'
import { errorSummary, escapeHtml, fieldTag } from '../../support/form-page'
import {
  type ChangePost,
  changeOf,
  FORM,
  fiveWrongPasswords,
  initializedPasswordFor,
  NEW_PASSWORD,
  OTHER_NEW_PASSWORD,
  twice,
  UNKNOWN_LOGIN_ID,
  verifiesAsChosen,
  WRONG_PASSWORD,
} from '../../support/password-change'
import { RecordingLogger } from '../../support/recording-logger'
import { auditRows, currentPasswordHashOf, db, failureRows, refusedRows } from '../../support/rows'
import { runScheduled } from '../../support/scheduled'

beforeEach(resetToDemoAccounts)

describe('languages and what the page shows again (docs/contract.md#languages-and-access)', () => {
  it('writes the errors and the changed page in English on an English page', async () => {
    const client = testClient()
    const wrong = await client.postForm(`${FORM}?lang=en`, changeOf(WRONG_PASSWORD))
    expect(wrong.status).toBe(422)
    const wrongPage = await wrong.text()
    expect(wrongPage).toContain('<html lang="en">')
    expect(errorSummary(wrongPage)).toContain('The login ID or password is not correct')

    const invalid = await client.postForm(
      `${FORM}?lang=en`,
      changeOf(DEMO_PASSWORD, twice('short')),
    )
    expect(errorSummary(await invalid.text())).toContain(
      'New password must be 15 characters or more',
    )

    const changed = await client.postForm(`${FORM}?lang=en`, changeOf(DEMO_PASSWORD))
    expect(changed.status).toBe(303)
    expect(changed.headers.get('Location')).toBe('/password/change/done?lang=en')
    const changedPage = await (await client.request('/password/change/done?lang=en')).text()
    expect(changedPage).toContain('<html lang="en">')
    expect(changedPage).toContain('Your password has been changed')
  })

  it('writes the errors in Japanese on a Japanese page', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD, twice('passwordpassword')))
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toContain('<html lang="ja">')
    expect(errorSummary(page)).toContain(messages('ja').passwordChange.errors.newPassword.common)
  })

  it('never puts a new or wrong password back into the page; the initialized one only when no error is about it', async () => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    const typed = {
      password: initialized,
      newPassword: 'first <secret> & "new" one',
      newPasswordConfirmation: 'second <secret> & "new" one',
    }
    const invalid = await client.postForm(FORM, changeOf('', typed))
    const wrong = await client.postForm(
      FORM,
      changeOf(WRONG_PASSWORD, twice('third <secret> & new one')),
    )
    for (const [response, passwords, keptPassword] of [
      [invalid, [typed.newPassword, typed.newPasswordConfirmation], initialized],
      [wrong, [WRONG_PASSWORD, 'third <secret> & new one'], ''],
    ] as const) {
      expect(response.status).toBe(422)
      const page = await response.text()
      for (const password of passwords) {
        expect(page).not.toContain(password)
        expect(page).not.toContain(escapeHtml(password))
        expect(page).not.toContain('secret')
      }
      for (const field of ['newPassword', 'newPasswordConfirmation']) {
        expect(fieldTag(page, field)).toContain('value=""')
      }
      expect(fieldTag(page, 'password')).toContain(`value="${keptPassword}"`)
      expect(fieldTag(page, 'loginId')).toContain(`value="${TARO.loginId}"`)
    }
  })
})

describe('security and limits', () => {
  it('refuses a cross-site post with 403 and changes nothing', async () => {
    const client = testClient()
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD), {
      Origin: 'https://evil.example',
    })
    expect(response.status).toBe(403)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
    expect(await failureRows()).toEqual([])
  })

  it('answers 429 with Retry-After past the per-login-ID limit', async () => {
    const client = testClient({ env: { RATE_LIMIT_PER_LOGIN_ID: '1/3600' } })
    client.clock.now = T0
    expect((await client.postForm(FORM, changeOf(WRONG_PASSWORD))).status).toBe(422)
    const limited = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    expect(limited.status).toBe(429)
    // T0 is 07:43 UTC: 17 minutes to the end of its hour window.
    expect(limited.headers.get('Retry-After')).toBe('1020')
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('answers 503 and sends nothing when D1 is down', async () => {
    const client = testClient({ env: { DB: failingD1() } })
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    expect(response.status).toBe(503)
    expect(await response.text()).toContain(messages('ja').unavailable.title)
    expect(client.mailer.sent).toEqual([])
  })

  it('keeps the change when the changed-password e-mail fails, and logs the failure', async () => {
    const client = testClient()
    client.mailer.failWith = new Error(`Cannot deliver to ${TARO.email}`)
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    expect(response.status).toBe(303)
    expect(
      await verifiesAsChosen(NEW_PASSWORD, (await currentPasswordHashOf(TARO.loginId)) ?? ''),
    ).toBe(true)
    expect(client.logs.events('password_changed_mail_failed')).toHaveLength(1)
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['changed'])
  })
})

describe('the audit trail and logs (docs/contract.md#security-baseline)', () => {
  it('records one password_change event per submission, with its outcome and no password', async () => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client)
    const posts: Array<{
      post: ChangePost
      status: number
      outcome: string
      loginId: string | null
    }> = [
      {
        post: changeOf(initialized, twice('short')),
        status: 422,
        outcome: 'invalid',
        loginId: TARO.loginId,
      },
      {
        post: changeOf(initialized, { loginId: 'abc' }),
        status: 422,
        outcome: 'invalid',
        loginId: null,
      },
      {
        post: changeOf(WRONG_PASSWORD),
        status: 422,
        outcome: 'wrong_password',
        loginId: TARO.loginId,
      },
      {
        post: changeOf(DEMO_PASSWORD, { loginId: UNKNOWN_LOGIN_ID }),
        status: 422,
        outcome: 'no_match',
        loginId: UNKNOWN_LOGIN_ID,
      },
      {
        post: changeOf(DEMO_PASSWORD, { loginId: KEN.loginId }),
        status: 422,
        outcome: 'inactive',
        loginId: KEN.loginId,
      },
      { post: changeOf(initialized), status: 303, outcome: 'changed', loginId: TARO.loginId },
    ]
    const requestIds: Array<string | null> = []
    for (const { post, status } of posts) {
      const response = await client.postForm(FORM, post)
      expect(response.status).toBe(status)
      requestIds.push(response.headers.get('X-Request-Id'))
    }
    await fiveWrongPasswords(client, JANE.loginId, T0 + MINUTE)
    client.clock.now = T0 + 6 * MINUTE
    const locked = await client.postForm(FORM, changeOf(DEMO_PASSWORD, { loginId: JANE.loginId }))
    expect(locked.status).toBe(429)
    const limitedClient = testClient({ env: { RATE_LIMIT_PER_IP: '1/600' } })
    await limitedClient.postForm(FORM, changeOf(WRONG_PASSWORD), {
      'CF-Connecting-IP': '192.0.2.9',
    })
    const limited = await limitedClient.postForm(FORM, changeOf(WRONG_PASSWORD), {
      'CF-Connecting-IP': '192.0.2.9',
    })
    expect(limited.status).toBe(429)

    // Refused posts (422 invalid, 429 rate limited) are counted, not written one row each.
    const audited = posts.flatMap((post, i) => (post.outcome === 'invalid' ? [] : [{ ...post, i }]))
    const rows = (await auditRows()).filter((row) => row.procedure === 'password_change')
    expect(
      rows.slice(0, audited.length).map((row) => [row.outcome, row.loginId, row.requestId]),
    ).toEqual(audited.map(({ outcome, loginId, i }) => [outcome, loginId, requestIds[i]]))
    expect(rows.slice(audited.length).map((row) => [row.outcome, row.loginId])).toEqual([
      ...Array(5).fill(['wrong_password', JANE.loginId]),
      ['locked_out', JANE.loginId],
      ['wrong_password', TARO.loginId],
    ])
    expect((await refusedRows()).map((row) => [row.procedure, row.outcome, row.count])).toEqual([
      ['password_change', 'invalid', 2],
      ['password_change', 'rate_limited', 1],
    ])
    const recorded = JSON.stringify(await auditRows())
    for (const password of [initialized, NEW_PASSWORD, WRONG_PASSWORD, DEMO_PASSWORD, 'short']) {
      expect(recorded).not.toContain(password)
    }
  })

  it('logs none of the passwords of a full run', async () => {
    const logs = new RecordingLogger()
    const client = testClient({ logs })
    const passwords = [NEW_PASSWORD, OTHER_NEW_PASSWORD, WRONG_PASSWORD, DEMO_PASSWORD]
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client)
    passwords.push(initialized)
    await client.postForm(FORM, changeOf(initialized, twice('passwordpassword')))
    await client.postForm(FORM, changeOf(initialized, twice(initialized)))
    await client.postForm(FORM, changeOf(WRONG_PASSWORD))
    await client.postForm(FORM, changeOf(initialized))
    client.mailer.failWith = new Error(`Cannot deliver to ${TARO.email} (${NEW_PASSWORD})`)
    await client.postForm(FORM, changeOf(NEW_PASSWORD, twice(OTHER_NEW_PASSWORD)))
    client.mailer.failWith = undefined
    await fiveWrongPasswords(client, UNKNOWN_LOGIN_ID, T0 + MINUTE)
    await client.postForm(FORM, changeOf(DEMO_PASSWORD, { loginId: UNKNOWN_LOGIN_ID }))
    await client.postForm(FORM, changeOf(DEMO_PASSWORD), { Origin: 'https://evil.example' })
    await testClient({ env: { DB: failingD1() }, logs }).postForm(FORM, changeOf(DEMO_PASSWORD))
    await runScheduled(T0 + 2 * 24 * HOUR, client.worker)
    expect(
      await verifiesAsChosen(OTHER_NEW_PASSWORD, (await currentPasswordHashOf(TARO.loginId)) ?? ''),
    ).toBe(true)
    const events = logs.parsed.map((line) => line.event)
    expect(events).toContain('password_changed_mail_failed')
    expect(events).toContain('password_change_failed')
    expect(logs.lines.length).toBeGreaterThan(10)
    for (const line of logs.lines) {
      for (const password of passwords) {
        expect(line, `a log line holds "${password}"`).not.toContain(password)
      }
    }
  })
})

describe('the daily retention', () => {
  it('deletes wrong password change tries older than a day and keeps younger ones', async () => {
    for (const [id, failedAt] of [
      ['two-days-old', T0 - 48 * HOUR],
      ['a-day-and-a-minute-old', T0 - 24 * HOUR - MINUTE],
      ['an-hour-old', T0 - HOUR],
    ] as const) {
      await db.insert(passwordChangeFailures).values({ id, loginId: TARO.loginId, failedAt })
    }
    await runScheduled(T0)
    expect((await failureRows()).map((row) => row.id)).toEqual(['an-hour-old'])
  })
})

describe('the list of common passwords', () => {
  it('compares after NFKC and in lower case', async () => {
    for (const common of [
      'passwordpassword',
      'PASSWORDPASSWORD',
      'ｐａｓｓｗｏｒｄｐａｓｓｗｏｒｄ',
      '1qaz2wsx3edc4rfv',
    ]) {
      expect(await isCommonPassword(db, common), common).toBe(true)
    }
    expect(await isCommonPassword(db, NEW_PASSWORD)).toBe(false)
  })
})
