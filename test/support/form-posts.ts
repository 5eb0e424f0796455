import { expect } from 'vitest'
import { initializedPasswords, loginIdNotifications } from '../../src/db/schema'
import type { testClient } from './client'
import { TARO } from './fixtures'
import type { HtmlDocument } from './html'
import { FORM_CONTENT_TYPE } from './request-bodies'
import { db } from './rows'

// What the tests of every form post share: the two forms with a matching post, raw posts, nothing done.

export type Client = ReturnType<typeof testClient>

/** The two form procedures, each with a post that matches a demo account, so it would send. */
export const FORMS = [
  { form: 'password initialization', path: '/password/initialize', post: { ...TARO } },
  {
    form: 'login ID notification',
    path: '/login-id/notify',
    post: {
      name: TARO.name,
      phoneCountry: TARO.phoneCountry,
      phoneNumber: TARO.phoneNumber,
      email: TARO.email,
    },
  },
]

export const rowCount = (table: typeof initializedPasswords | typeof loginIdNotifications) =>
  db.$count(table)

/** Nothing was e-mailed and nothing was issued or recorded as sent. */
export async function expectNothingDone(client: Client) {
  expect(client.mailer.sent).toEqual([])
  expect(await rowCount(initializedPasswords)).toBe(0)
  expect(await rowCount(loginIdNotifications)).toBe(0)
}

/** A form post with a body of our making (string, bytes or stream) and the headers given. */
export const postRaw = (
  client: Client,
  path: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<Response> =>
  client.request(path, {
    method: 'POST',
    body,
    headers: { 'Content-Type': FORM_CONTENT_TYPE, ...headers },
    redirect: 'manual',
  })

/** The page's language and heading. */
export const langAndTitle = (page: HtmlDocument) => ({
  lang: page.all('html')[0]?.attr('lang'),
  h1: page.all('h1')[0]?.text,
})
