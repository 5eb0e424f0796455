import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { accounts, commonPasswords } from '../../../src/db/schema'
import { type Locale, messages } from '../../../src/i18n'
import { testClient } from '../../support/client'
import { CountingD1Database } from '../../support/counting-d1'
import { resetToDemoAccounts } from '../../support/demo'
import { d1FailingOn } from '../../support/failing-bindings'
import { T0, TARO } from '../../support/fixtures'
import { errorSummary, escapeHtml, fieldTag } from '../../support/form-page'
import {
  changedMails,
  changeOf,
  FORM,
  initializedPasswordFor,
  NEW_PASSWORD,
  twice,
  verifiesAsChosen,
} from '../../support/password-change'
import {
  auditRows,
  currentPasswordHashOf,
  db,
  failureRows,
  initializedPasswordRows,
  refusedRows,
} from '../../support/rows'

beforeEach(resetToDemoAccounts)

/** On the list by its core ("sunshine"): rule 2, which only the D1 table knows. */
const COMMON = 'Sunshine1234567!'

/** Every row a password change writes, and the blocklist itself. */
const changeableRows = async () => ({
  accounts: await db.select().from(accounts).orderBy(accounts.loginId),
  initializedPasswords: await initializedPasswordRows(),
  failures: await failureRows(),
  audit: await auditRows(),
  blocklist: (await db.select().from(commonPasswords)).length,
})

/** The D1 calls that read the blocklist. */
const blocklistCalls = (counting: CountingD1Database) =>
  counting.calls.filter((call) => call.some((query) => query.includes('"common_passwords"')))

describe('a common new password, through the form (the list in D1)', () => {
  it.each<Locale>(['en', 'ja'])(
    'is refused with the "common" field error in %s, and writes nothing but the refusal count',
    async (locale) => {
      const client = testClient()
      client.clock.now = T0
      const initialized = await initializedPasswordFor(client)
      const before = await changeableRows()

      const response = await client.postForm(
        `${FORM}?lang=${locale}`,
        changeOf(initialized, twice(COMMON)),
      )
      expect(response.status).toBe(422)
      const page = await response.text()
      const message = escapeHtml(messages(locale).passwordChange.errors.newPassword.common)
      expect(errorSummary(page)?.match(/href="#[^"]*"/g)).toEqual(['href="#newPassword"'])
      expect(errorSummary(page)).toContain(message)
      expect(page).toContain(`<p id="newPassword-error" class="field-error">${message}</p>`)
      expect(fieldTag(page, 'newPassword')).toContain('aria-invalid="true"')
      expect(page).not.toContain(COMMON)

      // As any invalid post: counted per client and window, no audit row, nothing used up.
      expect(await changeableRows()).toEqual(before)
      expect((await refusedRows()).map((row) => [row.procedure, row.outcome, row.count])).toEqual([
        ['password_change', 'invalid', 1],
      ])
      expect(changedMails(client)).toEqual([])
      expect((await client.postForm(FORM, changeOf(initialized))).status).toBe(303)
    },
  )

  it("shows the common error among the other fields' errors, in page order", async () => {
    const response = await testClient().postForm(FORM, {
      loginId: '12345',
      password: '',
      newPassword: COMMON,
      newPasswordConfirmation: 'something else entirely',
    })
    expect(response.status).toBe(422)
    const summary = errorSummary(await response.text())
    // The confirmation is compared only with a new password that passed every rule: no mismatch.
    expect(summary?.match(/href="#[^"]*"/g)).toEqual([
      'href="#loginId"',
      'href="#password"',
      'href="#newPassword"',
    ])
    const t = messages('ja')
    expect(summary).toContain(escapeHtml(t.errors.loginId.format))
    expect(summary).toContain(escapeHtml(t.passwordChange.errors.newPassword.common))
  })

  it('is looked up with one D1 query, the only read before the answer', async () => {
    const counting = new CountingD1Database(env.DB)
    const client = testClient({ env: { DB: counting } })
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD, twice(COMMON)))
    expect(response.status).toBe(422)
    expect(blocklistCalls(counting)).toHaveLength(1)
    expect(counting.reads()).toEqual(blocklistCalls(counting))
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('is not looked up when another rule refuses the new password already', async () => {
    const counting = new CountingD1Database(env.DB)
    const client = testClient({ env: { DB: counting } })
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD, twice('sunshine 123')))
    expect(response.status).toBe(422)
    expect(errorSummary(await response.text())).toContain(
      escapeHtml(messages('ja').passwordChange.errors.newPassword.too_short),
    )
    expect(blocklistCalls(counting)).toEqual([])
  })
})

describe('a new password not on the list', () => {
  it('is looked up once and then stored', async () => {
    const counting = new CountingD1Database(env.DB)
    const client = testClient({ env: { DB: counting } })
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    expect(response.status).toBe(303)
    expect(blocklistCalls(counting)).toHaveLength(1)
    expect(counting.calls[0]).toEqual(blocklistCalls(counting)[0])
    const hash = (await currentPasswordHashOf(TARO.loginId)) ?? ''
    expect(await verifiesAsChosen(NEW_PASSWORD, hash)).toBe(true)
  })
})

describe('the lookup failing', () => {
  it('answers 503, changes nothing and audits the failure without a login ID', async () => {
    const client = testClient({ env: { DB: d1FailingOn(env.DB, /"common_passwords"/) } })
    const before = await changeableRows()
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD))
    expect(response.status).toBe(503)
    expect(await response.text()).toContain(messages('ja').unavailable.title)
    expect(client.logs.events('password_change_failed')).toHaveLength(1)
    const after = await changeableRows()
    expect({ ...after, audit: [] }).toEqual({ ...before, audit: [] })
    expect(after.audit.map((row) => [row.procedure, row.outcome, row.loginId])).toEqual([
      ['password_change', 'failed', null],
    ])
    expect(await refusedRows()).toEqual([])
    expect(client.mailer.sent).toEqual([])
  })
})
