import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import {
  issuesToFieldErrors,
  issueToFieldError,
  KEEP_ISSUE_INPUT,
} from '../../src/http/field-errors'
import { DEFAULT_COUNTRY, listCountries } from '../../src/identity/countries'
import {
  EMAIL_PATTERN,
  e164PhoneField,
  emailField,
  loginIdField,
  nameField,
  phoneCountryField,
  phoneNumberField,
  phoneObjectField,
} from '../../src/identity/fields'
import { type ContactClaim, contactMatches, type RegisteredContact } from '../../src/identity/match'
import {
  foldCase,
  hasControlOrFormatCharacter,
  normalizeE164,
  normalizePhone,
  normalizeText,
} from '../../src/identity/normalize'

// The registered contacts of the demo accounts (docs/contract.md#accounts).
const taroKoku: RegisteredContact = {
  givenName: 'Taro',
  familyName: 'Koku',
  phone: '+819012345678',
  email: 'taro.koku@example.com',
}
const hanakoSora: RegisteredContact = {
  givenName: 'Hanako',
  familyName: 'Sora',
  phone: '+81312345678',
  email: 'it-admin@example.co.jp',
}
const janeDoe: RegisteredContact = {
  givenName: 'Jane',
  familyName: 'Doe',
  phone: '+14155550123',
  email: 'jane.doe@example.org',
}
const kuniTaro: RegisteredContact = {
  givenName: '太郎',
  familyName: '国',
  phone: '+818098765432',
  email: 'kuni@example.jp',
}

/** The claim the way a request would hand it over: every field through its schema. */
function claimOf(input: { name: string; country: string; number: string; email: string }) {
  const phone = normalizePhone(input.country, input.number)
  if (!phone.ok) throw new Error(`phone did not normalize: ${phone.code}`)
  return {
    name: nameField().parse(input.name),
    phone: phone.e164,
    email: emailField().parse(input.email),
  } satisfies ContactClaim
}

const taroClaim = {
  name: 'Taro Koku',
  country: 'JP',
  number: '090-1234-5678',
  email: 'taro.koku@example.com',
}

/**
 * The first field error a schema (Zod classic here, zod/mini in src/) gives for an input, or
 * undefined when it parses.
 */
function firstError(schema: z.core.$ZodType, input: unknown) {
  const result = z.safeParse(schema, input, KEEP_ISSUE_INPUT)
  const issue = result.error?.issues[0]
  return issue === undefined ? undefined : issueToFieldError(issue)
}

const codeOf = (schema: z.core.$ZodType, input: unknown) => firstError(schema, input)?.code

describe('normalizeText', () => {
  it('turns full-width letters, digits and the ideographic space into their one-byte forms', () => {
    expect(normalizeText('Ｔａｒｏ　ＫＯＫＵ')).toBe('Taro KOKU')
    expect(normalizeText('１２３４５６７８９')).toBe('123456789')
  })

  it('folds runs of white space into one space and trims', () => {
    expect(normalizeText(' \t Taro \n\u00a0 KOKU\u3000 ')).toBe('Taro KOKU')
  })

  it('leaves control and format characters for hasControlOrFormatCharacter to find', () => {
    expect(hasControlOrFormatCharacter(normalizeText('Taro\u0007 KOKU'))).toBe(true)
    expect(hasControlOrFormatCharacter(normalizeText('Taro\u200d KOKU'))).toBe(true)
    expect(hasControlOrFormatCharacter(normalizeText('Taro\tKOKU'))).toBe(false)
  })

  it('folds case without locale rules, so a dotless ı stays apart from i', () => {
    expect(foldCase('TARO')).toBe('taro')
    expect(foldCase('Tarı')).not.toBe(foldCase('Tari'))
  })
})

describe('contactMatches', () => {
  it.each([
    'Taro Koku',
    'Taro KOKU',
    'taro koku',
    'KOKU Taro',
    'koku taro',
    'Taro\u3000KOKU',
    'Ｔａｒｏ　ＫＯＫＵ',
    '  Taro   KOKU  ',
  ])('matches the name typed as "%s"', (name) => {
    expect(contactMatches(taroKoku, claimOf({ ...taroClaim, name }))).toBe(true)
  })

  it.each(['国 太郎', '太郎 国', '国\u3000太郎'])(
    'matches the Japanese name typed as "%s"',
    (name) => {
      const claim = claimOf({
        name,
        country: 'JP',
        number: '080-9876-5432',
        email: 'kuni@example.jp',
      })
      expect(contactMatches(kuniTaro, claim)).toBe(true)
    },
  )

  it('matches an e-mail address typed in upper case', () => {
    expect(
      contactMatches(taroKoku, claimOf({ ...taroClaim, email: 'TARO.KOKU@EXAMPLE.COM' })),
    ).toBe(true)
  })

  it.each([
    ['with hyphens', 'JP', '090-1234-5678'],
    ['without hyphens', 'JP', '09012345678'],
    ['without the trunk 0', 'JP', '9012345678'],
    ['with +81', 'JP', '+81 90-1234-5678'],
    ['with +81 and a country that is not Japan', 'US', '+81 90 1234 5678'],
    ['in full-width digits', 'JP', '０９０－１２３４－５６７８'],
    ['with a long-vowel mark as hyphen', 'JP', '090ー1234ー5678'],
    ['with dots', 'JP', '090.1234.5678'],
  ])('matches a phone number typed %s', (_, country, number) => {
    expect(contactMatches(taroKoku, claimOf({ ...taroClaim, country, number }))).toBe(true)
  })

  it('matches the organization contact and the US contact of the demo accounts', () => {
    const hanako = {
      name: 'SORA Hanako',
      country: 'JP',
      number: '03-1234-5678',
      email: 'IT-Admin@example.co.jp',
    }
    const jane = {
      name: 'jane doe',
      country: 'US',
      number: '(415) 555-0123',
      email: 'Jane.Doe@example.org',
    }
    expect(contactMatches(hanakoSora, claimOf(hanako))).toBe(true)
    expect(contactMatches(janeDoe, claimOf(jane))).toBe(true)
  })

  it.each([
    ['the given name differs', { name: 'Jiro Koku' }],
    ['the family name differs', { name: 'Taro Kuni' }],
    ['the name is only the given name twice', { name: 'Taro Taro' }],
    ['the phone number differs', { number: '090-1234-5679' }],
    ['the phone number is from another country', { country: 'US', number: '(415) 555-0123' }],
    ['the e-mail address differs', { email: 'taro.koku@example.org' }],
  ])('does not match when %s', (_, change) => {
    expect(contactMatches(taroKoku, claimOf({ ...taroClaim, ...change }))).toBe(false)
  })

  it('does not match a dotless ı against i', () => {
    const jim: RegisteredContact = { ...taroKoku, givenName: 'Jim' }
    expect(contactMatches(jim, claimOf({ ...taroClaim, name: 'Jim Koku' }))).toBe(true)
    expect(contactMatches(jim, claimOf({ ...taroClaim, name: 'Jım Koku' }))).toBe(false)
    expect(contactMatches(jim, claimOf({ ...taroClaim, name: 'JIM KOKU' }))).toBe(true)
    expect(contactMatches(jim, claimOf({ ...taroClaim, name: 'Jİm Koku' }))).toBe(false)
  })

  it('does not match one contact against another demo contact', () => {
    expect(contactMatches(hanakoSora, claimOf(taroClaim))).toBe(false)
  })
})

describe('normalizePhone', () => {
  it.each([
    ['JP', '090-1234-5678', '+819012345678'],
    ['JP', '09012345678', '+819012345678'],
    ['JP', '９０１２３４５６７８', '+819012345678'],
    ['JP', '090‐1234−5678', '+819012345678'],
    ['JP', '090–1234–5678', '+819012345678'],
    ['jp', '03-1234-5678', '+81312345678'],
    ['US', '+81 3-1234-5678', '+81312345678'],
    ['US', '(415) 555-0123', '+14155550123'],
    ['JP', '03.1234.5678', '+81312345678'],
    ['JP', '（03）1234-5678', '+81312345678'],
  ])('turns %s %s into %s', (country, number, e164) => {
    expect(normalizePhone(country, number)).toEqual({ ok: true, e164 })
  })

  it.each([
    ['JP', '', 'required'],
    ['JP', ' \u3000 ', 'required'],
    ['JP', '090-1234-abcd', 'format'],
    ['JP', '090+1234', 'format'],
    ['JP', '++819012345678', 'format'],
    ['JP', '123', 'not_possible'],
    ['JP', '+999 1234 5678', 'not_possible'],
    ['XX', '090-1234-5678', 'unknown_country'],
    ['', '090-1234-5678', 'unknown_country'],
  ])('rejects %s "%s" with %s', (country, number, code) => {
    expect(normalizePhone(country, number)).toEqual({ ok: false, code })
  })
})

describe('normalizeE164', () => {
  it('accepts an E.164 number, also typed with separators or full-width', () => {
    expect(normalizeE164('+819012345678')).toEqual({ ok: true, e164: '+819012345678' })
    expect(normalizeE164('＋８１ ９０-１２３４-５６７８')).toEqual({
      ok: true,
      e164: '+819012345678',
    })
  })

  it('rejects a number without a leading + as format', () => {
    expect(normalizeE164('09012345678')).toEqual({ ok: false, code: 'format' })
  })

  it('rejects an impossible number and an empty one', () => {
    expect(normalizeE164('+81123')).toEqual({ ok: false, code: 'not_possible' })
    expect(normalizeE164('')).toEqual({ ok: false, code: 'required' })
  })
})

describe('field schemas', () => {
  const textFields = [
    ['loginIdField', loginIdField()],
    ['nameField', nameField()],
    ['emailField', emailField()],
    ['phoneCountryField', phoneCountryField()],
    ['phoneNumberField', phoneNumberField()],
    ['e164PhoneField', e164PhoneField()],
  ] as const

  it.each(textFields)('%s calls a missing value required', (_, field) => {
    expect(codeOf(field, undefined)).toBe('required')
  })

  it.each(textFields)('%s calls an array, an object, a number or null invalid_type', (_, field) => {
    expect(codeOf(field, ['123456789'])).toBe('invalid_type')
    expect(codeOf(field, { value: '123456789' })).toBe('invalid_type')
    expect(codeOf(field, 123456789)).toBe('invalid_type')
    expect(codeOf(field, null)).toBe('invalid_type')
  })

  it.each(textFields)('%s calls an empty or white-space-only value required', (_, field) => {
    expect(codeOf(field, '')).toBe('required')
    expect(codeOf(field, ' \t\u3000 ')).toBe('required')
  })

  it('accepts a nine-digit login ID, also in full-width digits', () => {
    expect(loginIdField().parse(' 123456789 ')).toBe('123456789')
    expect(loginIdField().parse('１２３４５６７８９')).toBe('123456789')
  })

  it.each([
    ['8 digits', '12345678'],
    ['10 digits', '1234567890'],
    ['letters', '12345678a'],
    ['a space inside', '1234 56789'],
    ['a control character', '12345678\u00079'],
    ['Arabic-Indic digits', '١٢٣٤٥٦٧٨٩'],
  ])('rejects a login ID with %s as format', (_, value) => {
    expect(codeOf(loginIdField(), value)).toBe('format')
  })

  it('outputs the normalized name', () => {
    expect(nameField().parse('Ｔａｒｏ　ＫＯＫＵ')).toBe('Taro KOKU')
  })

  it('rejects a name with a control character or a zero-width joiner as control_characters', () => {
    expect(codeOf(nameField(), 'Taro\u0007 Koku')).toBe('control_characters')
    expect(codeOf(nameField(), 'Taro\u200d Koku')).toBe('control_characters')
  })

  it('accepts a 100-character name and rejects a 101-character one as too_long', () => {
    expect(codeOf(nameField(), `${'a'.repeat(50)} ${'b'.repeat(49)}`)).toBeUndefined()
    expect(codeOf(nameField(), `${'a'.repeat(50)} ${'b'.repeat(50)}`)).toBe('too_long')
  })

  it('counts a name in code points, so 100 emoji-plane characters still fit', () => {
    expect(codeOf(nameField(), `${'𠀋'.repeat(50)} ${'𠀋'.repeat(49)}`)).toBeUndefined()
  })

  it('rejects a name without a space between two names as no_space', () => {
    expect(codeOf(nameField(), 'TaroKoku')).toBe('no_space')
    expect(codeOf(nameField(), ' Taro ')).toBe('no_space')
  })

  it('outputs the normalized e-mail address without changing its case', () => {
    expect(emailField().parse(' Taro.Koku@Example.com ')).toBe('Taro.Koku@Example.com')
  })

  it('accepts a 254-character e-mail address and rejects a 255-character one as too_long', () => {
    const domain = '@example.com'
    expect(codeOf(emailField(), `${'a'.repeat(254 - domain.length)}${domain}`)).toBeUndefined()
    expect(codeOf(emailField(), `${'a'.repeat(255 - domain.length)}${domain}`)).toBe('too_long')
  })

  it.each([
    ['no @', 'taro.koku.example.com'],
    ['two @', 'taro@koku@example.com'],
    ['an empty local part', '@example.com'],
    ['a space in the local part', 'taro koku@example.com'],
    ['no top-level domain', 'taro.koku@example'],
    ['an empty label', 'taro.koku@example..com'],
  ])('rejects an e-mail address with %s as format', (_, value) => {
    expect(codeOf(emailField(), value)).toBe('format')
  })

  it("checks an e-mail address with Zod's own practical pattern, copied unchanged", () => {
    expect(EMAIL_PATTERN.source).toBe(z.regexes.email.source)
    expect(EMAIL_PATTERN.flags).toBe(z.regexes.email.flags)
  })

  it('rejects an e-mail address with a control character as control_characters', () => {
    expect(codeOf(emailField(), 'taro.koku\u200d@example.com')).toBe('control_characters')
  })

  it('upper-cases a supported country and rejects an unknown one', () => {
    expect(phoneCountryField().parse(' jp ')).toBe('JP')
    expect(phoneCountryField().parse('ＵＳ')).toBe('US')
    expect(codeOf(phoneCountryField(), 'XX')).toBe('unknown_country')
    expect(codeOf(phoneCountryField(), 'JPN')).toBe('unknown_country')
  })

  it('keeps the phone number as typed, only normalized', () => {
    expect(phoneNumberField().parse(' ０９０ー1234ー5678 ')).toBe('090ー1234ー5678')
  })

  it('turns an E.164 string into E.164 and rejects one without + as format', () => {
    expect(e164PhoneField().parse('+81 90-1234-5678')).toBe('+819012345678')
    expect(codeOf(e164PhoneField(), '09012345678')).toBe('format')
    expect(codeOf(e164PhoneField(), '+81 90 abcd')).toBe('format')
    expect(codeOf(e164PhoneField(), '+81 123')).toBe('not_possible')
  })
})

describe('phoneObjectField', () => {
  const request = z.strictObject({ phone: phoneObjectField() })

  it('turns country and number into E.164', () => {
    expect(request.parse({ phone: { country: 'JP', number: '090-1234-5678' } })).toEqual({
      phone: '+819012345678',
    })
  })

  it.each([
    [{ country: 'JP', number: '090-abcd-5678' }, 'phone.number', 'format'],
    [{ country: 'JP', number: '123' }, 'phone.number', 'not_possible'],
    [{ country: 'JP', number: '' }, 'phone.number', 'required'],
    [{ country: 'XX', number: '090-1234-5678' }, 'phone.country', 'unknown_country'],
    [{ country: 'JP' }, 'phone.number', 'required'],
    [{ country: 'JP', number: 9012345678 }, 'phone.number', 'invalid_type'],
    [{ country: 'JP', number: '090-1234-5678', extra: '1' }, 'phone.extra', 'unknown_key'],
    ['09012345678', 'phone', 'invalid_type'],
    [undefined, 'phone', 'required'],
  ])('reports %j as %s %s', (phone, field, code) => {
    expect(firstError(request, { phone })).toEqual({ field, code })
  })

  it('names every unknown key in its own field error', () => {
    const result = request.safeParse(
      { phone: { country: 'JP', number: '090-1234-5678', extra: '1', other: '2' } },
      KEEP_ISSUE_INPUT,
    )
    expect(issuesToFieldErrors(result.error?.issues ?? [])).toEqual([
      { field: 'phone.extra', code: 'unknown_key' },
      { field: 'phone.other', code: 'unknown_key' },
    ])
  })

  it('names an unknown top-level key by itself', () => {
    const issue = {
      code: 'unrecognized_keys',
      keys: ['extra'],
      path: [],
      message: 'Unrecognized key: "extra"',
    } satisfies z.core.$ZodIssue
    expect(issueToFieldError(issue)).toEqual({ field: 'extra', code: 'unknown_key' })
  })
})

describe('a phone given as an E.164 string or as an object', () => {
  const request = z.strictObject({ phone: z.union([e164PhoneField(), phoneObjectField()]) })

  it('accepts either form', () => {
    expect(request.parse({ phone: '+819012345678' })).toEqual({ phone: '+819012345678' })
    expect(request.parse({ phone: { country: 'US', number: '(415) 555-0123' } })).toEqual({
      phone: '+14155550123',
    })
  })

  it.each([
    ['09012345678', 'phone', 'format'],
    ['+81123', 'phone', 'not_possible'],
    [{ country: 'JP', number: '123' }, 'phone.number', 'not_possible'],
    [{ country: 'XX', number: '123' }, 'phone.country', 'unknown_country'],
    [{ country: 'JP', number: '090-1234-5678', extra: '1' }, 'phone.extra', 'unknown_key'],
    [undefined, 'phone', 'required'],
    [9012345678, 'phone', 'invalid_type'],
    [['+819012345678'], 'phone', 'invalid_type'],
  ])('reports %j as %s %s', (phone, field, code) => {
    expect(firstError(request, { phone })).toEqual({ field, code })
  })
})

describe('listCountries', () => {
  it('starts the Japanese list with Japan and its calling code', () => {
    const [first] = listCountries('ja')
    expect(DEFAULT_COUNTRY).toBe('JP')
    expect(first).toEqual({ code: 'JP', callingCode: '81', name: '日本' })
  })

  it('names the countries in Japanese inside workerd', () => {
    const unitedStates = listCountries('ja').find((country) => country.code === 'US')
    expect(unitedStates).toEqual({ code: 'US', callingCode: '1', name: 'アメリカ合衆国' })
  })

  it('names the countries in English, with at least 200 of them', () => {
    const countries = listCountries('en')
    expect(countries[0]?.name).toBe('Japan')
    expect(countries.length).toBeGreaterThanOrEqual(200)
    expect(countries.find((country) => country.code === 'GB')?.name).toBe('United Kingdom')
  })

  it.each(['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko'] as const)(
    'lists Japan, China, Korea, Taiwan, Hong Kong and the United States first, then the rest in %s collation order',
    (locale) => {
      const countries = listCountries(locale)
      expect(countries.slice(0, 6).map((country) => country.code)).toEqual([
        'JP',
        'CN',
        'KR',
        'TW',
        'HK',
        'US',
      ])
      const names = countries.slice(6).map((country) => country.name)
      expect(names).toEqual([...names].sort(new Intl.Collator(locale).compare))
      expect(countries.findIndex((country) => country.code === 'CN')).toBe(1)
    },
  )

  it('lists each supported code once and gives every country a name', () => {
    for (const locale of ['en', 'ja'] as const) {
      const countries = listCountries(locale)
      expect(new Set(countries.map((country) => country.code)).size).toBe(countries.length)
      expect(countries.every((country) => country.name !== country.code)).toBe(true)
    }
  })

  it('builds each list once', () => {
    expect(listCountries('ja')).toBe(listCountries('ja'))
  })
})
