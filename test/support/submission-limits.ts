import { expect } from 'vitest'
import type { testClient } from './client'
import { type FormPost, from, TARO } from './fixtures'
import { readPage } from './html'

// What the tests of the submission limits share: the two forms, the client addresses, posts past a limit.

export const INITIALIZE = '/password/initialize'

export const NOTIFY = '/login-id/notify'

export const IP_WINDOW_END = Date.UTC(2026, 11, 1, 9, 10, 0)

export const IP = '203.0.113.7'

/** The contract's (docs/contract.md#abuse-limits) per-IP limit, with the per-login-ID one out of the way. */
export const PER_IP_ONLY = { RATE_LIMIT_PER_IP: '10/600', RATE_LIMIT_PER_LOGIN_ID: '1000/3600' }

/** A valid password initialization for an unknown login ID: answered 303, sends nothing. */
export const unknownLoginId = (n: number): FormPost => ({
  ...TARO,
  loginId: String(100_000_000 + n),
})

/** A valid login ID notification that matches nobody: answered 303, sends nothing. */
export const unknownContact = (n: number): FormPost => ({
  name: 'Nobody Known',
  phoneCountry: 'JP',
  phoneNumber: '09000000000',
  email: `nobody${n}@example.com`,
})

export type Client = ReturnType<typeof testClient>

/** Ten valid submissions from `ip`, five of each procedure, interleaved; each must be a 303. */
export async function tenSubmissionsFrom(client: Client, ip: string) {
  for (let n = 0; n < 5; n++) {
    expect((await client.postForm(INITIALIZE, unknownLoginId(n), from(ip))).status).toBe(303)
    expect((await client.postForm(NOTIFY, unknownContact(n), from(ip))).status).toBe(303)
  }
}

/** The `<title>` and `<h1>` of a page and its `<html lang>`. */
export async function pageHeading(response: Response) {
  const page = await readPage(response)
  return {
    lang: page.all('html')[0]?.attr('lang'),
    title: page.all('title')[0]?.text,
    h1: page.all('h1')[0]?.text,
    text: page.all('main')[0]?.text ?? '',
  }
}
