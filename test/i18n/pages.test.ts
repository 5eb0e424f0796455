import { beforeEach, describe, expect, it } from 'vitest'
import {
  LOCALES,
  type Locale,
  localeFromAcceptLanguage,
  localeFromLanguageTag,
  messages,
} from '../../src/i18n'
import { listCountries } from '../../src/identity/countries'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { failingQueue } from '../support/failing-bindings'
import { TARO, TARO_CONTACT } from '../support/fixtures'
import { readPage } from '../support/html'
import { changeOf, fiveWrongPasswords } from '../support/password-change'
import { paddedFormBody } from '../support/request-bodies'
import { foreignCharacters, pageTextIn } from '../support/scripts'

beforeEach(resetToDemoAccounts)

const INITIALIZE = '/password/initialize'
const NOTIFY = '/login-id/notify'
const CHANGE = '/password/change'
const WRONG_CHANGE = {
  loginId: TARO.loginId,
  password: 'Not-the-password-1',
  newPassword: 'A-long-enough-new-passphrase',
  newPasswordConfirmation: 'A-long-enough-new-passphrase',
}

/** One page as its reader gets it: status, `<html lang>`, heading, and the text to check. */
async function shown(response: Response, status: number) {
  expect(response.status).toBe(status)
  expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
  const html = await response.text()
  const page = await readPage(new Response(html))
  return {
    html,
    lang: page.all('html')[0]?.attr('lang'),
    h1: page.all('h1')[0]?.text,
    errors: page
      .all('div')
      .filter((element) => element.attr('class') === 'error-summary')
      .flatMap((summary) => summary.descendants().filter((element) => element.tag === 'li'))
      .map((item) => item.text),
  }
}

type Shown = Awaited<ReturnType<typeof shown>>

/**
 * Every page the service shows, asked for in `locale`, with the heading it should carry. Status
 * pages that take many requests to reach (locked out) are rendered from the same component.
 */
function everyPage(locale: Locale) {
  const t = messages(locale)
  const q = `?lang=${locale}`
  const client = () => testClient()
  const post = (path: string, fields: Record<string, string>, headers = {}) =>
    client().postForm(`${path}${q}`, fields, headers)
  return [
    {
      page: 'the password initialization form',
      title: t.passwordInitialization.title,
      status: 200,
      get: () => client().request(`${INITIALIZE}${q}`),
    },
    {
      page: 'its sent page',
      title: t.passwordInitialization.sent.title,
      status: 200,
      get: () => client().request(`${INITIALIZE}/sent${q}`),
    },
    {
      page: 'the login ID notification form',
      title: t.loginIdNotification.title,
      status: 200,
      get: () => client().request(`${NOTIFY}${q}`),
    },
    {
      page: 'its sent page',
      title: t.loginIdNotification.sent.title,
      status: 200,
      get: () => client().request(`${NOTIFY}/sent${q}`),
    },
    {
      page: 'the password change form',
      title: t.passwordChange.title,
      status: 200,
      get: () => client().request(`${CHANGE}${q}`),
    },
    {
      page: 'its done page',
      title: t.passwordChange.changed.title,
      status: 200,
      get: () => client().request(`${CHANGE}/done${q}`),
    },
    {
      page: 'the 404 page',
      title: t.notFound.title,
      status: 404,
      get: () => client().request(`/no-such-page${q}`),
    },
    {
      page: 'the password initialization form with every field in error',
      title: t.passwordInitialization.title,
      status: 422,
      errors: [
        t.errors.loginId.required,
        t.errors.name.required,
        t.errors.phoneNumber.required,
        t.errors.email.required,
      ],
      get: () => post(INITIALIZE, { loginId: '', name: '', phoneCountry: 'JP' }),
    },
    {
      page: 'the login ID notification form with malformed fields',
      title: t.loginIdNotification.title,
      status: 422,
      errors: [
        t.errors.name.no_space,
        t.errors.phoneCountry.unknown_country,
        t.errors.email.format,
      ],
      get: () =>
        post(NOTIFY, { name: 'Taro', phoneCountry: 'ZZ', phoneNumber: '0901', email: 'taro@' }),
    },
    {
      page: 'the password change form with mismatched new passwords',
      title: t.passwordChange.title,
      status: 422,
      errors: [t.passwordChange.errors.newPasswordConfirmation.mismatch],
      get: () => post(CHANGE, { ...WRONG_CHANGE, newPasswordConfirmation: 'Something-else-12' }),
    },
    {
      page: 'the password change form after a wrong password',
      title: t.passwordChange.title,
      status: 422,
      errors: [t.passwordChange.errors.wrongPassword],
      get: () => post(CHANGE, WRONG_CHANGE),
    },
    {
      page: 'the cross-site refusal',
      title: t.forbidden.title,
      status: 403,
      get: () => post(INITIALIZE, TARO, { Origin: 'https://evil.example' }),
    },
    {
      page: 'the too-large page',
      title: t.tooLarge.title,
      status: 413,
      get: () =>
        client().request(`${INITIALIZE}${q}`, {
          method: 'POST',
          body: paddedFormBody(TARO, 16 * 1024 + 1),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
    },
    {
      page: 'the too-many-attempts page',
      title: t.tooManyRequests.title,
      status: 429,
      get: async () => {
        const limited = testClient({ env: { RATE_LIMIT_PER_LOGIN_ID: '1/3600' } })
        await limited.postForm(`${INITIALIZE}${q}`, TARO)
        return limited.postForm(`${INITIALIZE}${q}`, TARO)
      },
    },
    {
      page: 'the unavailable page',
      title: t.unavailable.title,
      status: 503,
      get: () =>
        testClient({ deps: { workQueue: failingQueue } }).postForm(`${NOTIFY}${q}`, TARO_CONTACT),
    },
    {
      page: 'the error page',
      title: t.serverError.title,
      status: 500,
      get: () =>
        testClient({ env: { INITIALIZED_PASSWORD_TTL_MINUTES: '0' } }).postForm(
          `${INITIALIZE}${q}`,
          TARO,
        ),
    },
    {
      page: 'the locked-out page',
      title: t.passwordChange.lockedOut.title,
      status: 429,
      get: async () => {
        const client = testClient()
        const start = Date.now()
        await fiveWrongPasswords(client, TARO.loginId, start)
        client.clock.now = start + 5 * 60_000
        return client.postForm(`${CHANGE}${q}`, changeOf('Not-the-password-1'))
      },
    },
  ]
}

describe.each(LOCALES)('every page in %s', (locale) => {
  it.each(everyPage(locale))(
    '$page: in the language asked for, with no other language on it',
    async ({ title, status, errors, get }) => {
      const page: Shown = await shown(await get(), status)
      expect(page.lang).toBe(locale)
      expect(page.h1).toBe(title)
      expect(page.errors).toEqual(errors ?? [])
      expect(foreignCharacters(locale, pageTextIn(locale, page.html))).toEqual({})
    },
  )
})

describe('the language check itself', () => {
  it('finds kana, Hangul and the other script of Chinese where they do not belong', () => {
    const japanese = messages('ja').passwordInitialization.title
    expect(foreignCharacters('ko', japanese)).toHaveProperty('kana')
    expect(foreignCharacters('zh-Hans', messages('ko').required)).toHaveProperty('Hangul')
    expect(foreignCharacters('zh-Hant', messages('zh-Hans').fields.phone.legend)).toEqual({
      'simplified-only forms': ['电', '话', '号', '码'],
    })
    expect(foreignCharacters('zh-Hans', messages('zh-Hant').fields.phone.legend)).toEqual({
      'traditional-only forms': ['電', '話', '號', '碼'],
    })
    expect(foreignCharacters('zh-Hant', '手続き')).toEqual({
      kana: ['き'],
      'Japanese-only forms': ['続'],
    })
  })

  it('sees text only the language switch may show in another language', () => {
    const switcher = '<a href="/x?lang=ko" lang="ko" hreflang="ko">한국어</a>'
    expect(foreignCharacters('ja', pageTextIn('ja', switcher))).toEqual({})
    expect(foreignCharacters('ja', pageTextIn('ja', `<p>${'한국어'}</p>`))).toEqual({
      Hangul: ['한', '국', '어'],
    })
    expect(foreignCharacters('ja', pageTextIn('ja', '<p title="&#xd55c;">x</p>'))).toEqual({
      Hangul: ['한'],
    })
  })
})

describe('choosing the language', () => {
  it.each([
    ['zh-CN', 'zh-Hans'],
    ['zh-SG', 'zh-Hans'],
    ['zh-Hans', 'zh-Hans'],
    ['zh-hans-cn', 'zh-Hans'],
    ['zh', 'zh-Hans'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['zh-Hant-CN', 'zh-Hant'],
    ['ko', 'ko'],
    ['ko-KR', 'ko'],
    ['ja-JP', 'ja'],
    ['en-US', 'en'],
  ] as const)('reads Accept-Language %s as %s', async (header, expected) => {
    expect(localeFromLanguageTag(header)).toBe(expected)
    const response = await testClient().request(INITIALIZE, {
      headers: { 'Accept-Language': header },
    })
    const page = await shown(response, 200)
    expect(page.lang).toBe(expected)
    expect(page.h1).toBe(messages(expected).passwordInitialization.title)
  })

  it('takes the supported language with the highest q-value, skipping the rest', () => {
    expect(localeFromAcceptLanguage('fr-FR, de;q=0.9, zh-TW;q=0.8, en;q=0.5')).toBe('zh-Hant')
    expect(localeFromAcceptLanguage('ko;q=0.4, zh-CN;q=0.6, ja;q=0.5')).toBe('zh-Hans')
    expect(localeFromAcceptLanguage('*, fr;q=0.9, x-klingon, zh-Hant;q=0')).toBeUndefined()
  })

  it('remembers ?lang=zh-Hant in the cookie, and the cookie outranks Accept-Language', async () => {
    const client = testClient()
    const asked = await client.request(`${NOTIFY}?lang=zh-Hant`)
    expect(asked.headers.get('Set-Cookie')).toMatch(/^__Host-lang=zh-Hant;/)
    const page = await shown(
      await client.request(NOTIFY, {
        headers: { Cookie: '__Host-lang=ko', 'Accept-Language': 'zh-CN' },
      }),
      200,
    )
    expect(page.lang).toBe('ko')
  })

  it('ignores a ?lang= or cookie that is not one of the tags exactly', async () => {
    const requests: Array<{ path: string; headers: Record<string, string> }> = [
      { path: `${INITIALIZE}?lang=zh-TW`, headers: {} },
      { path: INITIALIZE, headers: { Cookie: '__Host-lang=zh' } },
    ]
    for (const request of requests) {
      const response = await testClient().request(request.path, { headers: request.headers })
      expect(response.headers.get('Set-Cookie')).toBeNull()
      expect((await shown(response, 200)).lang).toBe('ja')
    }
  })
})

describe('the country selector', () => {
  it.each([
    ['ja', { JP: '日本', KR: '韓国', CN: '中国', TW: '台湾' }],
    ['en', { JP: 'Japan', KR: 'South Korea', CN: 'China', TW: 'Taiwan' }],
    ['zh-Hans', { JP: '日本', KR: '韩国', CN: '中国', TW: '台湾' }],
    ['zh-Hant', { JP: '日本', KR: '南韓', CN: '中國', TW: '台灣' }],
    ['ko', { JP: '일본', KR: '대한민국', CN: '중국', TW: '대만' }],
  ] as const)(
    'names the countries in %s with Intl.DisplayNames in workerd',
    async (locale, names) => {
      expect(new Intl.DisplayNames([locale], { type: 'region' }).of('KR')).toBe(names.KR)
      const listed = new Map(listCountries(locale).map((country) => [country.code, country.name]))
      for (const [code, name] of Object.entries(names)) expect(listed.get(code)).toBe(name)

      const page = await readPage(await testClient().request(`${NOTIFY}?lang=${locale}`))
      const options = page.getById('phoneCountry').descendants()
      expect(options[0]?.text).toBe(`${names.JP} (+81)`)
      expect(options.find((option) => option.attr('value') === 'KR')?.text).toBe(
        `${names.KR} (+82)`,
      )
    },
  )
})
