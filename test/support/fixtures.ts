// What many tests share: the demo people as a person would type them into the forms, the clock's
// units, a client address header, and what anyone can observe of an answer.

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** 16:43 in Japan (07:43 UTC) on a fixed day. */
export const T0 = Date.parse('2026-11-30T07:43:00Z')

/** A request header naming the client's address, as Cloudflare sets it. */
export const from = (ip: string) => ({ 'CF-Connecting-IP': ip })

/** A form post: field names and values (a repeated field as an array). */
export type FormPost = Record<string, string | string[]>

/** The demo individual's details exactly as registered, as a form post. */
export const TARO = {
  loginId: '123456789',
  name: 'Taro KOKU',
  phoneCountry: 'JP',
  phoneNumber: '09012345678',
  email: 'taro.koku@example.com',
} as const

/** The person in charge of two demo organizations. */
export const HANAKO = {
  loginId: '987654321',
  name: 'Hanako Sora',
  phoneCountry: 'JP',
  phoneNumber: '03-1234-5678',
  email: 'it-admin@example.co.jp',
} as const

/** The demo account whose language is English. */
export const JANE = {
  loginId: '555000111',
  name: 'Jane Doe',
  phoneCountry: 'US',
  phoneNumber: '(415) 555-0123',
  email: 'jane.doe@example.org',
} as const

/** The demo account registered with a kanji name. */
export const KUNI = {
  loginId: '321654987',
  name: '国 太郎',
  phoneCountry: 'JP',
  phoneNumber: '080-9876-5432',
  email: 'kuni@example.jp',
} as const

/** The locked demo account, with its registered details typed correctly. */
export const KEN = {
  loginId: '444000222',
  name: 'Ken YAMA',
  phoneCountry: 'JP',
  phoneNumber: '09011112222',
  email: 'ken.yama@example.net',
} as const

/** A person's registered contact as the login ID notification form posts it: no login ID. */
export const contactOf = <P extends { loginId: string }>({ loginId, ...contact }: P) => {
  void loginId
  return contact
}

export const TARO_CONTACT = contactOf(TARO)
export const HANAKO_CONTACT = contactOf(HANAKO)
export const JANE_CONTACT = contactOf(JANE)
export const KEN_CONTACT = contactOf(KEN)

/**
 * What anyone can observe of an answer: the status, every header but the per-request ID, and the
 * body (with `mask` replaced, e.g. a login ID the body is allowed to repeat).
 */
export async function observable(response: Response, mask?: string) {
  const body = await response.text()
  return {
    status: response.status,
    headers: [...response.headers.entries()]
      .filter(([name]) => name.toLowerCase() !== 'x-request-id')
      // The remembered login ID holds what was typed and when, never anything of an account
      // (test/procedures/password-change/login-id-prefill.test.ts checks it): its value is left out.
      .map(([name, value]): [string, string] => [
        name,
        value.replace(/__Secure-login-id=[^;]*/, '__Secure-login-id=TYPED'),
      ])
      .sort(([a], [b]) => a.localeCompare(b)),
    body: mask === undefined ? body : body.replaceAll(mask, 'MASKED'),
  }
}

/** Taro's correct details with some fields replaced. */
export const taro = (changes: FormPost = {}): FormPost => ({ ...TARO, ...changes })

/** Taro's correct details without one field. */
export const taroWithout = (field: keyof typeof TARO): FormPost =>
  Object.fromEntries(Object.entries(TARO).filter(([name]) => name !== field))
