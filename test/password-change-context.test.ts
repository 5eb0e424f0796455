import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { verifyChosenPassword } from '../src/credentials/chosen-password'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../src/db/demo-accounts'
import { messages } from '../src/i18n'
import { testClient } from './support/client'
import { resetToDemoAccounts } from './support/demo'
import { TARO } from './support/fixtures'
import { escapeHtml } from './support/form-page'
import { auditRows, currentPasswordHashOf, failureRows, refusedRows } from './support/rows'

beforeEach(resetToDemoAccounts)
afterEach(() => {
  vi.restoreAllMocks()
})

const FORM = '/password/change'
const WRONG_PASSWORD = 'Wrong-Pa55word!'
const change = (password: string, newPassword: string, loginId: string = TARO.loginId) => ({
  loginId,
  password,
  newPassword,
  newPasswordConfirmation: newPassword,
})
const contextWordMessage = messages('ja').passwordChange.errors.newPassword.contains_context_word

describe("a new password holding the account's own words (ASVS 6.2.11)", () => {
  it.each([
    { word: 'the family name', newPassword: 'violet koku harbour kettle' },
    { word: 'the given name', newPassword: 'violet TARO harbour kettle' },
    { word: "the e-mail's local part", newPassword: 'violet harbour taro.koku 42' },
    { word: 'a word of the service name', newPassword: 'violet harbour account 42' },
  ])(
    'is refused with its field error once the password was right: $word',
    async ({ newPassword }) => {
      const client = testClient()
      const response = await client.postForm(FORM, change(DEMO_PASSWORD, newPassword))
      expect(response.status).toBe(422)
      expect(await response.text()).toContain(escapeHtml(contextWordMessage))
      expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
      // The right password is no failure toward the lockout.
      expect(await auditRows()).toMatchObject([{ outcome: 'rejected_new_password' }])
      expect(await failureRows()).toEqual([])
      expect(client.mailer.sent).toEqual([])
    },
  )

  it('is never mentioned to someone whose password was wrong: the one wrong-password answer', async () => {
    const client = testClient()
    const response = await client.postForm(
      FORM,
      change(WRONG_PASSWORD, 'violet koku harbour kettle'),
    )
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).not.toContain(escapeHtml(contextWordMessage))
    expect(page).toContain(escapeHtml(messages('ja').passwordChange.errors.wrongPassword))
    expect(await refusedRows()).toEqual([])
  })
})

describe('the work of a wrong password (SPEC 5: the same whatever is stored)', () => {
  /** How many PBKDF2 and how many other derivations one wrong try makes. */
  async function derivationsOf(loginId: string) {
    const client = testClient()
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    const response = await client.postForm(
      FORM,
      change(WRONG_PASSWORD, 'violet harbour kettle 42', loginId),
    )
    expect(response.status).toBe(422)
    const pbkdf2 = derive.mock.calls.filter(
      ([algorithm]) => typeof algorithm === 'object' && algorithm.name === 'PBKDF2',
    ).length
    derive.mockRestore()
    return pbkdf2
  }

  it('runs one PBKDF2 for a legacy hash, an Argon2id hash and an unknown login ID alike', async () => {
    // Taro's demo hash is legacy PBKDF2; after a change his hash is Argon2id.
    const legacy = await derivationsOf(TARO.loginId)
    const unknown = await derivationsOf('111111111')
    const client = testClient()
    expect(
      (await client.postForm(FORM, change(DEMO_PASSWORD, 'violet harbour kettle 42'))).status,
    ).toBe(303)
    const stored = (await currentPasswordHashOf(TARO.loginId)) ?? ''
    expect(stored).toMatch(/^\$argon2id\$/)
    expect(
      (await verifyChosenPassword('violet harbour kettle 42', stored, env.PASSWORD_PEPPER)).valid,
    ).toBe(true)
    const modern = await derivationsOf(TARO.loginId)
    expect([legacy, unknown, modern]).toEqual([1, 1, 1])
  })
})

describe('the "your password was changed" e-mail (NIST SP 800-63B-4 4.6)', () => {
  const changedMail = async (vars: Partial<Env>) => {
    const client = testClient({ env: vars })
    const response = await client.postForm(FORM, change(DEMO_PASSWORD, 'violet harbour kettle 42'))
    expect(response.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    return client.mailer.sent[0]
  }

  it("names the operator's contact for a holder who did not make the change", async () => {
    const mail = await changedMail({ SUPPORT_CONTACT: 'https://help.example.com/security' })
    expect(mail?.text).toContain(
      'お心当たりがない場合は、あわせて次の窓口までご連絡ください：https://help.example.com/security',
    )
    expect(mail?.html).toContain('https://help.example.com/security')
  })

  it('names none when SUPPORT_CONTACT is empty, and still links the password initialization', async () => {
    const mail = await changedMail({ SUPPORT_CONTACT: '' })
    expect(mail?.text).not.toContain('窓口')
    expect(mail?.text).toContain('/password/initialize')
  })
})
