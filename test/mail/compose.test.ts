import { describe, expect, it } from 'vitest'
import type { MailLocale } from '../../src/i18n/mail'
import {
  composeInitializedPasswordMail,
  composeLoginIdNotificationMail,
  formatExpiry,
  maskLoginId,
} from '../../src/mail/compose'

const expiresAt = new Date('2026-11-30T08:43:00Z')
const initializedPassword = 'Q7HRXK3MWDN9JT4PFA2EYC8V'
/** As the mail shows it: groups of four, which the password change folds away. */
const shownPassword = 'Q7HR-XK3M-WDN9-JT4P-FA2E-YC8V'
const passwordChangeUrl = 'https://accounts.example.com/password/change'
const passwordInitializationUrl = 'https://accounts.example.com/password/initialize'

const initializedPasswordMail = (
  locale: MailLocale,
  overrides: Partial<{ serviceName: string; passwordChangeUrl: string }> = {},
) =>
  composeInitializedPasswordMail({
    locale,
    serviceName: 'Example Account Service',
    loginId: '123456789',
    initializedPassword,
    expiresAt,
    passwordChangeUrl,
    ...overrides,
  })

const loginIdMail = (locale: MailLocale, serviceName = 'Example Account Service') =>
  composeLoginIdNotificationMail({
    locale,
    serviceName,
    loginIds: ['987654321', '987654322'],
    passwordInitializationUrl,
  })

describe('formatExpiry', () => {
  it('writes Japan time with JST for Japanese accounts', () => {
    expect(formatExpiry(expiresAt, 'ja')).toBe('2026年11月30日 17:43 (JST)')
  })

  it('writes UTC for English accounts', () => {
    expect(formatExpiry(expiresAt, 'en')).toBe('30 November 2026, 08:43 UTC')
  })

  it('moves to the next day in Japan after 15:00 UTC, on a 24-hour clock', () => {
    expect(formatExpiry(new Date('2026-11-30T15:05:00Z'), 'ja')).toBe('2026年12月1日 00:05 (JST)')
  })
})

describe('maskLoginId', () => {
  it('keeps only the last four digits visible', () => {
    expect(maskLoginId('123456789')).toBe('*****6789')
  })
})

describe.each([
  {
    locale: 'en' as const,
    expiry: '30 November 2026, 08:43 UTC',
    stillWorks: 'your current password still works',
    lang: '<html lang="en">',
  },
  {
    locale: 'ja' as const,
    expiry: '2026年11月30日 17:43 (JST)',
    stillWorks: '現在のパスワードは引き続きご利用いただけます',
    lang: '<html lang="ja">',
  },
])('the $locale initialized password mail', ({ locale, expiry, stillWorks, lang }) => {
  const mail = initializedPasswordMail(locale)

  it.each(['text', 'html'] as const)(
    'shows the masked login ID and never the full one in %s',
    (part) => {
      expect(mail[part]).toContain('*****6789')
      expect(mail[part]).not.toContain('123456789')
    },
  )

  it.each(['text', 'html'] as const)(
    'carries the password, expiry, link and reassurance in %s',
    (part) => {
      expect(mail[part]).toContain(shownPassword)
      expect(mail[part]).toContain(expiry)
      expect(mail[part]).toContain(passwordChangeUrl)
      expect(mail[part]).toContain(stillWorks)
    },
  )

  it('puts the password on its own line in the text part', () => {
    expect(mail.text.split('\n')).toContain(shownPassword)
  })

  it('puts the password in a code block in the HTML part', () => {
    expect(mail.html).toMatch(new RegExp(`<code[^>]*>${shownPassword}</code>`))
  })

  it('is a complete HTML document in the account language without scripts or external resources', () => {
    expect(mail.html.startsWith('<!doctype html>')).toBe(true)
    expect(mail.html).toContain(lang)
    expect(mail.html).not.toMatch(/<script|\ssrc=|<link/i)
  })

  it('names the service in the subject', () => {
    expect(mail.subject).toContain('Example Account Service')
  })
})

describe('the login ID notification mail', () => {
  it.each(['en', 'ja'] as const)(
    'lists both IDs of the shared organization contact (%s)',
    (locale) => {
      const mail = loginIdMail(locale)
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain('987654321')
        expect(part).toContain('987654322')
        expect(part).toContain(passwordInitializationUrl)
      }
    },
  )

  it('tells the reader that nothing changed if they did not ask', () => {
    expect(loginIdMail('en').text).toContain('nothing has changed on your account')
    expect(loginIdMail('ja').text).toContain('アカウントの登録内容に変更はありません')
  })

  it('refuses to compose a notification without a login ID', () => {
    expect(() =>
      composeLoginIdNotificationMail({
        locale: 'en',
        serviceName: 'Example Account Service',
        loginIds: [],
        passwordInitializationUrl,
      }),
    ).toThrow()
  })
})

describe('HTML escaping', () => {
  it('escapes a hostile service name and link in the initialized password mail', () => {
    const mail = initializedPasswordMail('en', {
      serviceName: '<script>alert("name")</script>',
      passwordChangeUrl: 'https://example.com/"><script>alert(1)</script>',
    })
    expect(mail.html).not.toContain('<script>')
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;')
    expect(mail.html).toContain(
      'href="https://example.com/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
    )
  })

  it('escapes a hostile service name in the login ID mail', () => {
    const mail = loginIdMail('ja', '<img src=x onerror="alert(1)">')
    expect(mail.html).not.toContain('<img')
    expect(mail.html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;')
  })
})

describe('subjects', () => {
  it('differ per locale', () => {
    expect(initializedPasswordMail('en').subject).not.toBe(initializedPasswordMail('ja').subject)
    expect(loginIdMail('en').subject).not.toBe(loginIdMail('ja').subject)
  })

  it('contain no line breaks even when the service name does', () => {
    const serviceName = 'Example\r\nBcc: victim@example.com\n'
    for (const locale of ['en', 'ja'] as const) {
      for (const mail of [
        initializedPasswordMail(locale, { serviceName }),
        loginIdMail(locale, serviceName),
      ]) {
        expect(mail.subject).not.toMatch(/[\r\n]/)
        expect(mail.subject).toContain('Example Bcc: victim@example.com')
      }
    }
  })
})
