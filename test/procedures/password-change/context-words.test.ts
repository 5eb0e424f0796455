import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { verifyChosenPassword } from '../../../src/credentials/chosen-password'
import { DEMO_PASSWORD } from '../../../src/db/demo-accounts'
import { messages } from '../../../src/i18n'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { TARO } from '../../support/fixtures'
import { currentPasswordHashOf } from '../../support/rows'

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
const _contextWordMessage = messages('ja').passwordChange.errors.newPassword.contains_context_word

describe('the work of a wrong password: the same whatever is stored', () => {
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
