import { beforeEach, describe, expect, it } from 'vitest'
import { messages } from '../../../src/i18n'
import {
  NEW_PASSWORD_MAX_LENGTH,
  NEW_PASSWORD_MIN_LENGTH,
} from '../../../src/procedures/password-change/schema'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { TARO } from '../../support/fixtures'
import { type HtmlDocument, readPage } from '../../support/html'
import {
  changeOf,
  FORM,
  initializedPasswordFor,
  twice,
  WRONG_PASSWORD,
} from '../../support/password-change'
import { initializedPasswordRows } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const t = messages('en').passwordChange

/** The hint under a field's label, as its aria-describedby names it. */
const hintOf = (page: HtmlDocument, id: string) =>
  page.describedBy(page.getById(id)).find((element) => element.attr('class') === 'hint')?.text

const typedValueOf = (page: HtmlDocument, id: string) => page.getById(id).attr('value')

describe('the new password rules on /password/change', () => {
  it('are shown under the label from the validator’s own limits', async () => {
    const page = await readPage(await testClient().request(`${FORM}?lang=en`))
    const hint = hintOf(page, 'newPassword') ?? ''
    expect(hint).toContain(`${NEW_PASSWORD_MIN_LENGTH} to ${NEW_PASSWORD_MAX_LENGTH} characters`)
    expect(hint).toBe(t.fields.newPassword.help(NEW_PASSWORD_MIN_LENGTH, NEW_PASSWORD_MAX_LENGTH))
    // Before any error, nothing asks to type again.
    expect(page.all('p').filter((p) => p.text === t.typeAgain)).toEqual([])
  })

  it('refuse a password one character shorter than the hint says', async () => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    const tooShort = 'a'.repeat(NEW_PASSWORD_MIN_LENGTH - 1)
    const response = await client.postForm(
      `${FORM}?lang=en`,
      changeOf(initialized, twice(tooShort)),
    )
    expect(response.status).toBe(422)
  })
})

describe('the form after an error', () => {
  it('keeps the initialized password when only the new password is wrong, and asks for the new one again', async () => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    const response = await client.postForm(
      `${FORM}?lang=en`,
      changeOf(` ${initialized} `, twice('too short')),
    )
    expect(response.status).toBe(422)
    const page = await readPage(response)
    expect(typedValueOf(page, 'loginId')).toBe(TARO.loginId)
    expect(typedValueOf(page, 'password')).toBe(` ${initialized} `)
    expect(hintOf(page, 'password')).not.toContain(t.typeAgain)
    for (const id of ['newPassword', 'newPasswordConfirmation']) {
      expect(typedValueOf(page, id)).toBe('')
      expect(hintOf(page, id)).toContain(t.typeAgain)
    }
    expect((await initializedPasswordRows())[0]?.usedAt).toBeNull()
  })

  it('keeps it when the new passwords differ from each other', async () => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    const response = await client.postForm(
      `${FORM}?lang=en`,
      changeOf(initialized, { newPasswordConfirmation: 'something else entirely here' }),
    )
    expect(response.status).toBe(422)
    expect(typedValueOf(await readPage(response), 'password')).toBe(initialized)
  })

  it('never sends a wrong password back, and says to type it again', async () => {
    const client = testClient()
    const response = await client.postForm(`${FORM}?lang=en`, changeOf(WRONG_PASSWORD))
    expect(response.status).toBe(422)
    const body = await response.text()
    expect(body).not.toContain(WRONG_PASSWORD)
    const page = await readPage(new Response(body, { headers: response.headers }))
    expect(typedValueOf(page, 'password')).toBe('')
    expect(hintOf(page, 'password')).toContain(t.typeAgain)
  })

  it('does not send the password back when the error is about it', async () => {
    const response = await testClient().postForm(`${FORM}?lang=en`, changeOf(''))
    expect(response.status).toBe(422)
    const page = await readPage(response)
    expect(typedValueOf(page, 'password')).toBe('')
    expect(hintOf(page, 'password')).toContain(t.typeAgain)
  })
})
