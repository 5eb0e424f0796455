// ASVS 6.4.1: the e-mailed initialized password must not become the long-term password, however
// it is typed. It verifies in any case and grouping (docs/journey.md), so the "same as the
// password" rule compares the two the same way.
import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { messages } from '../../../src/i18n'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { TARO } from '../../support/fixtures'
import { escapeHtml } from '../../support/form-page'
import {
  changedMails,
  changeOf,
  FORM,
  initializedPasswordFor,
  twice,
  verifiesAsChosen,
} from '../../support/password-change'
import { currentPasswordHashOf, failureRows, initializedPasswordRows } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const grouped = (password: string) => password.match(/.{4}/g)?.join('-') ?? ''

/** [how the password is entered, how the new password is entered] */
const typings: [string, (p: string) => string, (p: string) => string][] = [
  ['entered as e-mailed, repeated in lower case', grouped, (p) => p.toLowerCase()],
  ['entered in lower case, repeated as e-mailed', (p) => p.toLowerCase(), grouped],
  ['entered without hyphens, repeated with spaces', (p) => p, (p) => grouped(p).replace(/-/g, ' ')],
]

const sameAsPassword = messages('ja').passwordChange.errors.newPassword.same_as_password

describe('the initialized password as the new password (ASVS 6.4.1)', () => {
  it.each(typings)('is refused, and nothing changes, when %s', async (_, entered, repeated) => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    const before = await initializedPasswordRows()

    const response = await client.postForm(
      FORM,
      changeOf(entered(initialized), twice(repeated(initialized))),
    )
    expect(response.status).toBe(422)
    expect(await response.text()).toContain(escapeHtml(sameAsPassword))
    expect(await initializedPasswordRows()).toEqual(before)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
    expect(await failureRows()).toEqual([])
    expect(changedMails(client)).toEqual([])

    // Still usable for a new password of the holder's own.
    expect((await client.postForm(FORM, changeOf(entered(initialized)))).status).toBe(303)
  })
})

describe('a current password as the new password', () => {
  it('is refused when only its case or spacing differs', async () => {
    const client = testClient()
    const response = await client.postForm(
      FORM,
      changeOf(DEMO_PASSWORD, twice(DEMO_PASSWORD.toUpperCase())),
    )
    expect(response.status).toBe(422)
    expect(await response.text()).toContain(escapeHtml(sameAsPassword))
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('is accepted when it differs in anything else', async () => {
    const client = testClient()
    const newPassword = `${DEMO_PASSWORD} and more`
    const response = await client.postForm(FORM, changeOf(DEMO_PASSWORD, twice(newPassword)))
    expect(response.status).toBe(303)
    const hash = (await currentPasswordHashOf(TARO.loginId)) ?? ''
    expect(await verifiesAsChosen(newPassword, hash)).toBe(true)
  })
})
