import { describe, expect, it } from 'vitest'
import { emailField, nameField } from '../../src/identity/fields'
import { type ContactClaim, contactMatches, type RegisteredContact } from '../../src/identity/match'
import { normalizePhone } from '../../src/identity/normalize'

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
