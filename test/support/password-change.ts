// What the password change's tests share: the form, the passwords they type, and helpers that
// post it or read its rows.
import { env } from 'cloudflare:workers'
import { expect } from 'vitest'
import { verifyChosenPassword } from '../../src/credentials/chosen-password'
import { PASSWORD_CHANGE_LOCKOUT } from '../../src/procedures/password-change/lockout'
import type { testClient } from './client'
import { MINUTE, TARO } from './fixtures'
import { INITIALIZED_PASSWORD_PATTERN, initializedPasswordIn } from './recording-mailer'

export const FORM = '/password/change'
export const NEW_PASSWORD = 'violet harbour kettle 42'
export const OTHER_NEW_PASSWORD = 'seven quiet lanterns drift'
export const WRONG_PASSWORD = 'Wrong-Pa55word!'
export const UNKNOWN_LOGIN_ID = '111111111'

export type Client = ReturnType<typeof testClient>
export type ChangePost = Record<string, string | string[]>

/** Whether the stored hash is the password's, under the test pepper. */
export const verifiesAsChosen = async (password: string, hash: string) =>
  (await verifyChosenPassword(password, hash, env.PASSWORD_PEPPER)).valid

/** Asks for an initialized password as a person would, and reads it from the e-mail. */
export async function initializedPasswordFor(
  client: Client,
  post: ChangePost = TARO,
): Promise<string> {
  const response = await client.postForm('/password/initialize', post)
  expect(response.status).toBe(303)
  const password = initializedPasswordIn(client.mailer.sent.at(-1))
  expect(password).toMatch(INITIALIZED_PASSWORD_PATTERN)
  return password ?? ''
}

/** Taro's change to NEW_PASSWORD with `password`, some fields replaced. */
export const changeOf = (password: string, changes: ChangePost = {}): ChangePost => ({
  loginId: TARO.loginId,
  password,
  newPassword: NEW_PASSWORD,
  newPasswordConfirmation: NEW_PASSWORD,
  ...changes,
})

/** A new password typed twice. */
export const twice = (newPassword: string): ChangePost => ({
  newPassword,
  newPasswordConfirmation: newPassword,
})

/** The "your password was changed" e-mails among those sent, in either language. */
export const changedMails = (client: Client) =>
  client.mailer.sent.filter((mail) =>
    /パスワード変更のお知らせ|Your password was changed/.test(mail.subject),
  )

/** Five wrong passwords for the login ID, a minute apart from `start`. */
export async function fiveWrongPasswords(client: Client, loginId: string, start: number) {
  for (let i = 0; i < PASSWORD_CHANGE_LOCKOUT.maxFailures; i++) {
    client.clock.now = start + i * MINUTE
    const response = await client.postForm(FORM, changeOf(WRONG_PASSWORD, { loginId }))
    expect(response.status).toBe(422)
  }
}
