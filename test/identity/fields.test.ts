import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import {
  issuesToFieldErrors,
  issueToFieldError,
  KEEP_ISSUE_INPUT,
} from '../../src/http/field-errors'
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
