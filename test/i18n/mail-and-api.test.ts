import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/db/demo-accounts'
import { LOCALES, type Locale, type Messages, messages } from '../../src/i18n'
import { apiMessages } from '../../src/i18n/api'
import { mailMessages } from '../../src/i18n/mail'
import {
  composeInitializedPasswordMail,
  composeLoginIdNotificationMail,
  composePasswordChangedMail,
  formatExpiry,
} from '../../src/mail/compose'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { TARO } from '../support/fixtures'
import {
  expectProblem,
  LOGIN_ID_NOTIFICATIONS,
  PASSWORD_INITIALIZATIONS,
  postJson,
  TARO_JSON,
} from '../support/json-api'
import { updateAccount } from '../support/rows'
import { foreignCharacters } from '../support/scripts'

beforeEach(resetToDemoAccounts)

const SERVICE = 'Example Account Service'
const NEW_LOCALES = ['zh-Hans', 'zh-Hant', 'ko'] as const
const moment = new Date('2026-11-30T08:43:00Z')

/** Makes Taro's account prefer `locale`, as the system of record may now set it. */
const setTaroLocale = (locale: Locale) => updateAccount(TARO.loginId, { locale })

/** Everything a reader of the e-mail sees: subject, text part and HTML part. */
const readable = (mail: { subject: string; text: string; html: string }) =>
  [mail.subject, mail.text, mail.html].join('\n')

describe('dates in e-mails', () => {
  it.each([
    ['zh-Hans', '2026年11月30日 16:43（中国标准时间，GMT+8）'],
    ['zh-Hant', '2026年11月30日 16:43（台北標準時間，GMT+8）'],
    ['ko', '2026년 11월 30일 17:43(한국 표준시)'],
    ['ja', '2026年11月30日 17:43 (JST)'],
    ['en', '30 November 2026, 08:43 UTC'],
  ] as const)('are written in %s as %s, the time zone named', (locale, expected) => {
    expect(formatExpiry(moment, locale)).toBe(expected)
  })
})

describe.each(LOCALES)('the e-mails in %s', (locale) => {
  const m = mailMessages(locale)
  const mails = [
    composeInitializedPasswordMail({
      locale,
      serviceName: SERVICE,
      loginId: '123456789',
      initializedPassword: 'AbcdEfgh2345JkmnPqrs',
      expiresAt: moment,
      passwordChangeUrl: 'https://accounts.example/password/change',
    }),
    composeLoginIdNotificationMail({
      locale,
      serviceName: SERVICE,
      loginIds: ['123456789', '987654321'],
      passwordInitializationUrl: 'https://accounts.example/password/initialize',
    }),
    composePasswordChangedMail({
      locale,
      serviceName: SERVICE,
      loginId: '123456789',
      changedAt: moment,
      passwordInitializationUrl: 'https://accounts.example/password/initialize',
    }),
  ]

  it('carry their subject, the language tag and no other language', () => {
    expect(mails.map((mail) => mail.subject)).toEqual([
      m.initializedPassword.subject(SERVICE),
      m.loginIdNotification.subject(SERVICE),
      m.passwordChanged.subject(SERVICE),
    ])
    for (const mail of mails) {
      expect(mail.html).toContain(`<html lang="${locale}">`)
      expect(mail.text).toContain(m.greeting)
      expect(foreignCharacters(locale, readable(mail))).toEqual({})
    }
    expect(mails[0]?.text).toContain(formatExpiry(moment, locale))
    expect(mails[2]?.text).toContain(formatExpiry(moment, locale))
  })
})

describe.each(NEW_LOCALES)('an account whose language is %s gets its e-mail in it', (locale) => {
  const m = mailMessages(locale)

  it('for a password initialization asked for on the page in that language', async () => {
    await setTaroLocale(locale)
    const client = testClient()
    const response = await client.postForm(`/password/initialize?lang=${locale}`, TARO)
    expect(response.status).toBe(303)
    const [mail, ...others] = client.mailer.sent
    expect(others).toEqual([])
    expect(mail?.to).toBe(TARO.email)
    expect(mail?.subject).toBe(m.initializedPassword.subject(SERVICE))
    expect(mail?.text).toContain(m.initializedPassword.requested('*****6789'))
    expect(mail?.html).toContain(`<html lang="${locale}">`)
    expect(
      foreignCharacters(locale, readable(mail ?? { subject: '', text: '', html: '' })),
    ).toEqual({})
  })

  it('for a login ID notification asked for through the API in Japanese', async () => {
    await setTaroLocale(locale)
    const client = testClient()
    const response = await postJson(client, LOGIN_ID_NOTIFICATIONS, {
      name: TARO_JSON.name,
      phone: TARO_JSON.phone,
      email: TARO_JSON.email,
      locale: 'ja',
    })
    expect(response.status).toBe(202)
    const [mail] = client.mailer.sent
    expect(mail?.subject).toBe(m.loginIdNotification.subject(SERVICE))
    expect(mail?.text).toContain(TARO.loginId)
  })

  it('for a password change made on the Japanese page', async () => {
    await setTaroLocale(locale)
    const client = testClient()
    const response = await client.postForm('/password/change?lang=ja', {
      loginId: TARO.loginId,
      password: DEMO_PASSWORD,
      newPassword: 'Violet-harbour-kettle-2026',
      newPasswordConfirmation: 'Violet-harbour-kettle-2026',
    })
    expect(response.status).toBe(303)
    const [mail] = client.mailer.sent
    expect(mail?.subject).toBe(m.passwordChanged.subject(SERVICE))
  })
})

describe.each(NEW_LOCALES)('the JSON API in %s', (locale) => {
  const api = apiMessages(locale)

  it('answers field errors in the body locale', async () => {
    const response = await postJson(testClient(), PASSWORD_INITIALIZATIONS, {
      ...TARO_JSON,
      loginId: '12345',
      phone: '09012345678',
      extra: true,
      locale,
    })
    expect(response.headers.get('Content-Language')).toBe(locale)
    const problem = await expectProblem(response, 422)
    expect(problem.title).toBe(api.problems['invalid-fields'].title)
    expect(problem.detail).toBe(api.problems['invalid-fields'].detail)
    expect(problem.errors).toEqual([
      { field: 'loginId', code: 'format', message: messages(locale).errors.loginId.format },
      { field: 'phone', code: 'format', message: api.fields.phone.format },
      { field: 'extra', code: 'unknown_key', message: api.fields.unknownKey },
    ])
    for (const text of [problem.title, problem.detail, ...problem.errors.map((e) => e.message)]) {
      expect(foreignCharacters(locale, text)).toEqual({})
    }
  })

  it('answers in the language of Accept-Language when the body names none', async () => {
    const header = { 'zh-Hans': 'zh-CN,zh;q=0.9', 'zh-Hant': 'zh-HK', ko: 'ko-KR,ko;q=0.9' }
    const response = await postJson(
      testClient(),
      LOGIN_ID_NOTIFICATIONS,
      { name: 'Taro', phone: TARO_JSON.phone, email: TARO_JSON.email },
      { 'Accept-Language': header[locale] },
    )
    const problem = await expectProblem(response, 422)
    expect(problem.title).toBe(api.problems['invalid-fields'].title)
    expect(problem.errors[0]?.message).toBe(messages(locale).errors.name.no_space)
  })
})

describe('the JSON locale field', () => {
  it('accepts every supported tag', async () => {
    for (const locale of LOCALES) {
      const response = await postJson(testClient(), LOGIN_ID_NOTIFICATIONS, {
        name: TARO_JSON.name,
        phone: TARO_JSON.phone,
        email: TARO_JSON.email,
        locale,
      })
      expect(response.status, locale).toBe(202)
    }
  })

  it.each(['zh', 'zh-hant', 'zh-TW', 'ko-KR'])(
    'refuses %s, naming the tags it takes',
    async (tag) => {
      const client = testClient()
      const response = await postJson(client, PASSWORD_INITIALIZATIONS, {
        ...TARO_JSON,
        locale: tag,
      })
      const problem = await expectProblem(response, 422)
      expect(problem.errors).toEqual([
        { field: 'locale', code: 'format', message: apiMessages('en').fields.locale.format },
      ])
      expect(problem.errors[0]?.message).toBe(
        'locale must be one of "ja", "en", "zh-Hans", "zh-Hant", "ko"',
      )
      expect(client.mailer.sent).toEqual([])
    },
  )
})

/** Every key path of a catalog, with the kind of value there. */
function shape(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return [`${path}: ${value.length} items`]
  if (typeof value !== 'object' || value === null) return [`${path}: ${typeof value}`]
  return Object.entries(value).flatMap(([key, inner]) => shape(inner, `${path}.${key}`))
}

describe('the catalogs', () => {
  it.each(LOCALES)('of %s have exactly the English keys, lists as long', (locale) => {
    expect(shape(messages(locale))).toEqual(shape(messages('en')))
    expect(shape(mailMessages(locale))).toEqual(shape(mailMessages('en')))
    expect(shape(apiMessages(locale))).toEqual(shape(apiMessages('en')))
  })

  it('fail the type check when a key is missing', () => {
    const { notFound: _left, ...withoutNotFound } = messages('en')
    // @ts-expect-error a page catalog without `notFound` is not a Messages
    const incomplete: Messages = withoutNotFound
    expect(Object.keys(incomplete)).not.toContain('notFound')
  })
})
