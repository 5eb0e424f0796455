import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { accountJson } from '../../src/accounts/schema'
import { type ErrorCode, type FieldError, fieldMessage } from '../../src/api/field-messages'
import {
  formFieldErrors,
  issueCode,
  issuesToFieldErrors,
  KEEP_ISSUE_INPUT,
} from '../../src/http/field-errors'
import { apiMessages } from '../../src/i18n/api'
import { codedIssue, loginIdField, strictJsonObject } from '../../src/identity/fields'
import { MAX_BODY_BYTES, MAX_BODY_SIZE } from '../../src/max-body-size'
import { formErrors } from '../../src/procedures/contact-form'
import { passwordChangeErrors } from '../../src/procedures/password-change/form'
import { passwordChangeForm } from '../../src/procedures/password-change/schema'

/** A custom issue as our checks raise it, with the code in `params` only where given. */
const customIssue = (params: Record<string, unknown> | undefined, message: string) =>
  ({ code: 'custom', path: ['loginId'], message, params }) satisfies z.core.$ZodIssue

/** The issues a schema (Zod classic here, zod/mini in src/) raises, parsed as every route parses. */
const issuesOf = (schema: z.core.$ZodType, input: unknown) =>
  z.safeParse(schema, input, KEEP_ISSUE_INPUT).error?.issues ?? []

/** The one code a schema's single issue maps to. */
const codeOf = (schema: z.core.$ZodType, input: unknown) =>
  issuesToFieldErrors(issuesOf(schema, input))

describe('issueCode, for the issues our own checks raise', () => {
  it('reads the code from params, whatever the message says', () => {
    expect(issueCode(customIssue({ code: 'too_long' }, 'format'))).toBe('too_long')
    expect(issueCode(customIssue({ code: 'mismatch' }, 'The two passwords differ'))).toBe(
      'mismatch',
    )
  })

  it('never takes a code from the message', () => {
    expect(issueCode(customIssue(undefined, 'format'))).toBe('invalid_type')
    expect(issueCode(customIssue({}, 'required'))).toBe('invalid_type')
  })

  it('calls a code it does not know invalid_type', () => {
    expect(issueCode(customIssue({ code: 'no_such_code' }, 'no_such_code'))).toBe('invalid_type')
    expect(issueCode(customIssue({ code: 42 }, '42'))).toBe('invalid_type')
  })

  it('reads the code codedIssue writes, at the path it names', () => {
    const schema = z.object({ a: z.string() }).superRefine((_, ctx) => {
      ctx.addIssue(codedIssue('no_space', undefined, ['a']))
    })
    expect(codeOf(schema, { a: 'x' })).toEqual([{ field: 'a', code: 'no_space' }])
  })
})

describe("issueCode, for Zod's built-in issues", () => {
  it.each([
    ['a missing string', z.object({ a: z.string() }), {}, 'required'],
    ['a number for a string', z.object({ a: z.string() }), { a: 1 }, 'invalid_type'],
    ['null for a string', z.object({ a: z.string() }), { a: null }, 'invalid_type'],
    ['a missing object', z.object({ a: z.object({}) }), {}, 'required'],
    [
      'an empty string below a minimum of 1',
      z.object({ a: z.string().min(1) }),
      { a: '' },
      'required',
    ],
    ['a string below a minimum of 3', z.object({ a: z.string().min(3) }), { a: 'ab' }, 'too_short'],
    ['a string above a maximum', z.object({ a: z.string().max(2) }), { a: 'abc' }, 'too_long'],
    ['a malformed e-mail address', z.object({ a: z.email() }), { a: 'no-at-sign' }, 'format'],
    ['a string outside an enum', z.object({ a: z.enum(['x', 'y']) }), { a: 'z' }, 'format'],
    ['a number for an enum', z.object({ a: z.enum(['x', 'y']) }), { a: 1 }, 'invalid_type'],
    ['a missing enum', z.object({ a: z.enum(['x', 'y']) }), {}, 'required'],
  ] as const)('maps %s to %s', (_, schema, input, code) => {
    expect(codeOf(schema, input)).toEqual([{ field: 'a', code }])
  })

  it('names each unrecognized key in its own unknown_key error', () => {
    const schema = strictJsonObject({ phone: strictJsonObject({ number: z.string() }) })
    expect(codeOf(schema, { phone: { number: '1', ext: '2' }, extra: 3 })).toEqual([
      { field: 'phone.ext', code: 'unknown_key' },
      { field: 'extra', code: 'unknown_key' },
    ])
  })

  it("needs the issue's input to tell a missing value from a wrong one (KEEP_ISSUE_INPUT)", () => {
    const schema = z.object({ a: z.string() })
    const [issue] = schema.safeParse({}).error?.issues ?? []
    expect(issue && issueCode(issue)).toBe('invalid_type')
    expect(codeOf(schema, {})).toEqual([{ field: 'a', code: 'required' }])
  })

  it('calls a missing object required like a missing string, with the same message as before', () => {
    const account = { kind: 'individual' }
    expect(codeOf(accountJson(), account)).toContainEqual({ field: 'contact', code: 'required' })
    expect(codeOf(accountJson(), { ...account, contact: 'x' })).toContainEqual({
      field: 'contact',
      code: 'invalid_type',
    })
    expect(fieldMessage('en', { field: 'contact', code: 'required' })).toBe(
      fieldMessage('en', { field: 'contact', code: 'invalid_type' }),
    )
  })

  it('answers a root that is no object with an invalid_type for the body', () => {
    expect(codeOf(strictJsonObject({ a: z.string() }), [])).toEqual([
      { field: '', code: 'invalid_type' },
    ])
  })
})

describe('fieldMessage next to a form field', () => {
  it.each<[string, ErrorCode, string, string]>([
    ['loginId', 'required', 'Enter your login ID', 'ログインIDを入力してください'],
    ['loginId', 'invalid_type', 'Enter the login ID once', 'ログインIDは1つだけ入力してください'],
    [
      'name',
      'no_space',
      'Enter a space between your family name and first name',
      '姓と名の間にスペースを入力してください',
    ],
    [
      'name',
      'too_long',
      'Name must be 100 characters or fewer',
      '氏名は100文字以内で入力してください',
    ],
    [
      'name',
      'control_characters',
      'Name must not contain control characters',
      '氏名に制御文字は使用できません',
    ],
    [
      'phoneCountry',
      'unknown_country',
      'Select a country or region from the list',
      '国・地域は一覧から選択してください',
    ],
    [
      'phoneNumber',
      'format',
      'Enter the phone number using digits only, like 09012345678',
      '電話番号は数字で入力してください（例：09012345678）',
    ],
    [
      'phoneNumber',
      'not_possible',
      'Enter a phone number that exists in the selected country or region',
      '選択した国・地域で使われている電話番号を入力してください',
    ],
    [
      'email',
      'format',
      'Enter an e-mail address in the correct format, like name@example.com',
      'メールアドレスを正しい形式で入力してください（例：name@example.com）',
    ],
    [
      'email',
      'too_long',
      'E-mail address must be 254 characters or fewer',
      'メールアドレスは254文字以内で入力してください',
    ],
    [
      'password',
      'required',
      'Enter the initialized password or your current password',
      '初期化パスワードまたは現在のパスワードを入力してください',
    ],
    [
      'newPassword',
      'too_short',
      'New password must be 15 characters or more',
      '新しいパスワードは15文字以上で入力してください',
    ],
    [
      'newPassword',
      'too_long',
      'New password must be 128 characters or fewer',
      '新しいパスワードは128文字以内で入力してください',
    ],
    [
      'newPassword',
      'contains_login_id',
      'New password must not contain your login ID',
      '新しいパスワードにログインIDを含めないでください',
    ],
    [
      'newPassword',
      'common',
      'This password is used by many people and easy to guess; choose another',
      '多くの人が使っていて推測されやすいパスワードです。別のパスワードを入力してください',
    ],
    [
      'newPassword',
      'same_as_password',
      'New password must differ from the initialized or current password',
      '新しいパスワードには、初期化パスワードや現在のパスワードと異なるものを入力してください',
    ],
    [
      'newPasswordConfirmation',
      'mismatch',
      'The two new passwords do not match; enter the same password twice',
      '新しいパスワードが一致しません。同じパスワードを2回入力してください',
    ],
  ])('shows %s %s in English and Japanese', (field, code, en, ja) => {
    expect(fieldMessage('en', { field, code }, 'form')).toBe(en)
    expect(fieldMessage('ja', { field, code }, 'form')).toBe(ja)
  })

  it('says the same for a code that came through a schema in params', () => {
    const issues = issuesOf(z.object({ loginId: loginIdField() }), { loginId: '12345' })
    expect(issues[0]?.code === 'custom' && issues[0].params).toEqual({ code: 'format' })
    const [error] = issuesToFieldErrors(issues)
    expect(error && fieldMessage('ja', error, 'form')).toBe(
      'ログインIDは9桁の数字で入力してください（例：123456789）',
    )
  })
})

describe('fieldMessage in a problem document', () => {
  it.each<[string, ErrorCode, string, string]>([
    [
      'loginId',
      'format',
      'Enter the login ID as nine digits, like 123456789',
      'ログインIDは9桁の数字で入力してください（例：123456789）',
    ],
    [
      'phone',
      'format',
      'Send the phone number in E.164 form, like +819012345678, or as {country, number}',
      '電話番号は +819012345678 のようなE.164形式の文字列、または {country, number} で送ってください',
    ],
    [
      'phone',
      'invalid_type',
      'Send the phone number as a string or as {country, number}',
      '電話番号は文字列または {country, number} で送ってください',
    ],
    ['email', 'invalid_type', 'Send this field as a string', 'この項目は文字列で送ってください'],
    ['', 'invalid_type', 'Send a JSON object', 'JSONオブジェクトを送ってください'],
    ['phone.extra', 'unknown_key', 'Unknown field; remove it', '不明な項目です。削除してください'],
    [
      'phone.country',
      'duplicate_key',
      'This key appears more than once; send it once',
      'このキーが複数回出現しています。1回だけ送ってください',
    ],
    [
      'contact.givenName',
      'too_long',
      'Names must be 100 characters or fewer, given and family name together 99',
      '氏名は100文字以内（名と姓を合わせて99文字以内）にしてください',
    ],
    [
      'organizationName',
      'required',
      'An organization account needs organizationName',
      '法人・団体のアカウントには organizationName が必要です',
    ],
    [
      'password',
      'required',
      'Enter the initialized password or your current password',
      '初期化パスワードまたは現在のパスワードを入力してください',
    ],
  ])('writes %s %s in English and Japanese', (field, code, en, ja) => {
    expect(fieldMessage('en', { field, code })).toBe(en)
    expect(fieldMessage('ja', { field, code })).toBe(ja)
  })

  it('tells a wrong type from a repeated form field, which the page catalog means', () => {
    const error: FieldError = { field: 'loginId', code: 'invalid_type' }
    expect(fieldMessage('en', error, 'problem')).toBe('Send this field as a string')
    expect(fieldMessage('en', error, 'form')).toBe('Enter the login ID once')
  })
})

describe('the one fallback', () => {
  it("takes the field's format text for a code it has no text for", () => {
    expect(fieldMessage('en', { field: 'status', code: 'required' })).toBe(
      'status must be "active", "locked" or "closed"',
    )
    expect(fieldMessage('ja', { field: 'status', code: 'required' })).toBe(
      'status は "active"、"locked"、"closed" のいずれかにしてください',
    )
  })

  it('takes its invalid_type text when it has no format text either', () => {
    expect(fieldMessage('en', { field: 'contact', code: 'required' })).toBe(
      'Send contact as {givenName, familyName, phone, email}',
    )
    expect(fieldMessage('en', { field: 'name', code: 'format' }, 'form')).toBe(
      'Enter the name once',
    )
  })

  it('answers with the code itself for a field it has no texts for', () => {
    expect(fieldMessage('ja', { field: 'nickname', code: 'too_long' }, 'form')).toBe('too_long')
  })
})

describe('formFieldErrors', () => {
  it("lists one error per field in the page's order, the first of each field", () => {
    const issues = issuesOf(passwordChangeForm(), {
      loginId: '12',
      password: ['one', 'two'],
      newPassword: 'short',
    })
    expect(passwordChangeErrors({ issues: [...issues].reverse() }, 'en')).toEqual([
      { field: 'loginId', message: 'Enter the login ID as nine digits, like 123456789' },
      { field: 'password', message: 'Enter the password once' },
      { field: 'newPassword', message: 'New password must be 15 characters or more' },
      { field: 'newPasswordConfirmation', message: 'Enter the new password again' },
    ])
  })

  it('shows the first of two errors of one field', () => {
    const issues = [
      { ...codedIssue('required', undefined), path: ['newPasswordConfirmation'] },
      { ...codedIssue('mismatch', undefined), path: ['newPasswordConfirmation'] },
    ]
    expect(passwordChangeErrors({ issues }, 'en')).toEqual([
      { field: 'newPasswordConfirmation', message: 'Enter the new password again' },
    ])
  })

  it("puts a contact form's phone errors under the fields the person typed them in", () => {
    const issues = [
      { ...codedIssue('unknown_country', 'XX'), path: ['phone', 'country'] },
      { ...codedIssue('not_possible', '123'), path: ['phone', 'number'] },
      { ...codedIssue('no_space', 'Taro'), path: ['name'] },
    ]
    expect(formErrors({ issues }, 'ja')).toEqual([
      { field: 'name', message: '姓と名の間にスペースを入力してください' },
      { field: 'phoneCountry', message: '国・地域は一覧から選択してください' },
      { field: 'phoneNumber', message: '選択した国・地域で使われている電話番号を入力してください' },
    ])
  })

  it('leaves out errors of paths the form does not show', () => {
    const issues = [{ ...codedIssue('format', 'x'), path: ['hidden'] }]
    expect(formFieldErrors({ issues }, 'en', ['loginId'])).toEqual([])
  })
})

describe('the body limit', () => {
  it('is written from the one constant where texts name it', () => {
    expect(MAX_BODY_BYTES).toBe(16_384)
    expect(MAX_BODY_SIZE).toBe('16 KiB')
    expect(apiMessages('en').problems['payload-too-large'].detail).toBe(
      'The request body is larger than 16 KiB.',
    )
    expect(apiMessages('ja').problems['payload-too-large'].detail).toBe(
      'リクエスト本文が16 KiBを超えています。',
    )
  })
})
