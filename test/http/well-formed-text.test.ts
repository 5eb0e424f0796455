// Text that is not well-formed UTF-16 (a lone surrogate, which JSON carries as `\ud800`) is a
// field error on every JSON route, as the form route refuses the same bytes (docs/operations.md).
import { beforeEach, describe, expect, it } from 'vitest'
import { bearer, insertApiKey, resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import {
  expectNothingSent,
  expectProblem,
  fieldErrors,
  PASSWORD_INITIALIZATIONS,
  postJson,
  TARO_JSON,
} from '../support/json-api'
import { accountRow } from '../support/rows'

let client: ReturnType<typeof testClient>
let writer: string

beforeEach(async () => {
  await resetToDemoAccountsWithoutKeys()
  client = testClient()
  writer = (await insertApiKey({ scopes: 'accounts:read,accounts:write' })).key
})

const put = (loginId: string, body: string) =>
  client.request(`/api/v1/accounts/${loginId}`, {
    method: 'PUT',
    body,
    headers: { 'Content-Type': 'application/json', ...bearer(writer) },
  })

/** Taro as registered, with `givenName` as given (sent as JSON text, escapes kept). */
const taroWithGivenName = (givenName: string) =>
  `{"kind":"individual","contact":{"givenName":"${givenName}","familyName":"Koku","phone":"+819012345678","email":"taro.koku@example.com"}}`

describe('a lone surrogate in a JSON body', () => {
  it('answers 422 to PUT /api/v1/accounts and creates nothing', async () => {
    const problem = await expectProblem(
      await put('100000001', taroWithGivenName('Lone\\ud800')),
      422,
    )
    expect(fieldErrors(problem)).toEqual([
      { field: 'contact.givenName', code: 'control_characters' },
    ])
    expect(await accountRow('100000001')).toBeUndefined()
  })

  it('answers 422 to PUT /api/v1/accounts and leaves the account as it was', async () => {
    const before = await accountRow('123456789')
    expect(before).toBeDefined()
    const problem = await expectProblem(
      await put('123456789', taroWithGivenName('\\udc00Taro')),
      422,
    )
    expect(fieldErrors(problem)).toEqual([
      { field: 'contact.givenName', code: 'control_characters' },
    ])
    expect(await accountRow('123456789')).toEqual(before)
  })

  it('accepts a well-formed pair written as escapes', async () => {
    const response = await put('100000001', taroWithGivenName('Emoji\\ud83d\\ude00'))
    expect(response.status, await response.text()).toBe(201)
    expect((await accountRow('100000001'))?.contactGivenName).toBe('Emoji\u{1f600}')
  })

  it('answers 422 to a recovery procedure, naming the field, and sends nothing', async () => {
    const body = JSON.stringify({ ...TARO_JSON, name: 'Taro\ud800 KOKU' })
    expect(body).toContain('\\ud800')
    const problem = await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, body), 422)
    expect(fieldErrors(problem)).toEqual([{ field: 'name', code: 'control_characters' }])
    await expectNothingSent(client)
  })

  it('answers 422 for a lone surrogate in a key', async () => {
    const body = `${JSON.stringify(TARO_JSON).slice(0, -1)},"x\\udfff":1}`
    const problem = await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, body), 422)
    expect(fieldErrors(problem)).toEqual([{ field: 'x\udfff', code: 'control_characters' }])
  })
})
