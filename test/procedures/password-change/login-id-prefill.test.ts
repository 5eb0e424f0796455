import { beforeEach, describe, expect, it } from 'vitest'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { HOUR, MINUTE, TARO } from '../../support/fixtures'
import { type HtmlDocument, readPage } from '../../support/html'
import { PASSWORD_INITIALIZATIONS, postJson, TARO_JSON } from '../../support/json-api'

beforeEach(resetToDemoAccounts)

const INITIALIZE = '/password/initialize?lang=en'
const CHANGE = '/password/change?lang=en'
const COOKIE =
  /^__Secure-login-id=([0-9]{9}\.[0-9]+\.[0-9a-f]{64}); Max-Age=3600; Path=\/password\/change; HttpOnly; Secure; SameSite=Lax$/

type Client = ReturnType<typeof testClient>

/** Posts the initialization form; its answer and the cookie pair it sets (`name=value`). */
async function initialize(client: Client, post: Record<string, string>) {
  const response = await client.postForm(INITIALIZE, post)
  expect(response.status).toBe(303)
  const setCookies = response.headers.getSetCookie().filter((c) => c.includes('login-id'))
  expect(setCookies).toHaveLength(1)
  const [setCookie = ''] = setCookies
  expect(setCookie).toMatch(COOKIE)
  return { response, setCookie, pair: setCookie.split(';')[0] ?? '' }
}

const loginIdOn = (page: HtmlDocument) => page.getById('loginId').attr('value')

const changePage = async (client: Client, cookie?: string) =>
  readPage(await client.request(CHANGE, cookie ? { headers: { Cookie: cookie } } : {}))

describe('the login ID remembered for /password/change (docs/journey.md)', () => {
  it('is set on an accepted initialization post, matched or not, and nothing else differs', async () => {
    const client = testClient()
    const matched = await initialize(client, TARO)
    const unmatched = await initialize(client, { ...TARO, loginId: '111111111' })
    expect(client.mailer.sent).toHaveLength(1)
    expect(matched.pair).toMatch(/^__Secure-login-id=123456789\./)
    expect(unmatched.pair).toMatch(/^__Secure-login-id=111111111\./)
    // Never in a URL.
    expect(matched.response.headers.get('Location')).toBe('/password/initialize/sent?lang=en')
    expect(unmatched.response.headers.get('Location')).toBe('/password/initialize/sent?lang=en')
    expect(await unmatched.response.text()).toBe(await matched.response.text())
  })

  it('fills in the login ID when the e-mail link is opened in the same browser', async () => {
    const client = testClient()
    const { pair } = await initialize(client, TARO)
    expect(loginIdOn(await changePage(client, pair))).toBe(TARO.loginId)
    // Another browser, without it: a blank form.
    expect(loginIdOn(await changePage(client))).toBe('')
  })

  it('fills in nothing from a cookie that was edited or kept past its hour', async () => {
    const client = testClient()
    const { pair } = await initialize(client, TARO)
    const [name, value = ''] = pair.split('=')
    const edited = [
      `${name}=${value.replace(/^123456789/, '123456788')}`,
      `${name}=${value.slice(0, -1)}${value.endsWith('0') ? '1' : '0'}`,
      `${name}=123456789`,
      `${name}=${value.replace(/\.([0-9]+)\./, (_, exp) => `.${Number(exp) + HOUR}.`)}`,
    ]
    for (const cookie of edited) expect(loginIdOn(await changePage(client, cookie))).toBe('')
    client.clock.now += HOUR + MINUTE
    expect(loginIdOn(await changePage(client, pair))).toBe('')
  })

  it('is not set by an invalid post or by the JSON API', async () => {
    const client = testClient()
    const invalid = await client.postForm(INITIALIZE, { ...TARO, loginId: '12' })
    expect(invalid.status).toBe(422)
    expect(invalid.headers.get('Set-Cookie') ?? '').not.toContain('login-id')
    const json = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON)
    expect(json.status).toBe(202)
    expect(json.headers.get('Set-Cookie')).toBeNull()
  })
})
