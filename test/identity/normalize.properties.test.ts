// Properties of the contract's (docs/contract.md#matching-the-four-fields) normalization (fast-check): each step is idempotent, and a value that
// matches keeps matching after any tolerated variation (case, full-width forms, spaces,
// separators, trunk prefix, name order), applied on top of one another.
import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEMO_ACCOUNTS, type DemoAccount } from '../../src/db/demo-accounts'
import { emailField, nameField } from '../../src/identity/fields'
import { contactMatches, type RegisteredContact } from '../../src/identity/match'
import {
  foldCase,
  normalizeCountry,
  normalizeE164,
  normalizePhone,
  normalizeText,
} from '../../src/identity/normalize'
import {
  EDGE_CHARACTERS,
  fullWidth,
  toleratedCountry,
  toleratedPhoneNumber,
  tolerateText,
} from '../support/bad-input/arbitraries'

// `npm run fuzz` (scripts/fuzz.ts) sets these bindings for a longer campaign.
const fuzz = env as unknown as { FUZZ_RUNS?: string; FUZZ_SEED?: string }
const options = {
  seed: fuzz.FUZZ_SEED ? Number(fuzz.FUZZ_SEED) : 20261202,
  numRuns: fuzz.FUZZ_RUNS ? Number(fuzz.FUZZ_RUNS) : 2000,
}
/** Each property's time limit: a long campaign takes as long as it takes (a day at most). */
const TIMEOUT_MS = fuzz.FUZZ_RUNS ? 86_400_000 : 60_000

/** Text with the characters normalization has to think about, mixed into arbitrary strings. */
const trickyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.constantFrom(...EDGE_CHARACTERS, 'Ａ', 'ｶ', 'ﾞ', '㍻', 'Ⅻ', 'ǅ', 'ß', 'ẞ', 'Σ', 'ς', ' '),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''))

const registered = (account: DemoAccount): RegisteredContact => ({
  givenName: account.contactGivenName,
  familyName: account.contactFamilyName,
  phone: account.contactPhone,
  email: account.contactEmail,
})

describe('normalization is idempotent', () => {
  it(
    'normalizeText(normalizeText(s)) is normalizeText(s)',
    () => {
      fc.assert(
        fc.property(trickyText, (s) => {
          const once = normalizeText(s)
          expect(normalizeText(once)).toBe(once)
        }),
        options,
      )
    },
    TIMEOUT_MS,
  )

  it(
    'foldCase(foldCase(s)) is foldCase(s), also after normalizeText',
    () => {
      fc.assert(
        fc.property(trickyText, (s) => {
          expect(foldCase(foldCase(s))).toBe(foldCase(s))
          const folded = foldCase(normalizeText(s))
          expect(foldCase(normalizeText(folded))).toBe(folded)
        }),
        options,
      )
    },
    TIMEOUT_MS,
  )

  it(
    'a phone number in E.164 normalizes to itself, with or without its country',
    () => {
      const account = fc.constantFrom(...DEMO_ACCOUNTS)
      const typed = account.chain((a) =>
        fc.record({ country: toleratedCountry(a), number: toleratedPhoneNumber(a) }),
      )
      fc.assert(
        fc.property(typed, ({ country, number }) => {
          const first = normalizePhone(country, number)
          expect(first.ok).toBe(true)
          if (!first.ok) return
          expect(normalizeE164(first.e164)).toEqual(first)
          expect(normalizePhone(country, first.e164)).toEqual(first)
          const code = normalizeCountry(country)
          expect(code).toMatch(/^[A-Z]{2}$/)
          expect(normalizeCountry(code ?? '')).toBe(code)
        }),
        options,
      )
    },
    TIMEOUT_MS,
  )

  it(
    'normalizePhone never throws, whatever it is given',
    () => {
      fc.assert(
        fc.property(trickyText, trickyText, (country, number) => {
          const result = normalizePhone(country, number)
          if (result.ok) expect(normalizeE164(result.e164)).toEqual(result)
        }),
        options,
      )
    },
    TIMEOUT_MS,
  )
})

/** One more tolerated variation of an already typed value. */
const furtherVariation = (typed: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(typed.toUpperCase()),
    fc.constant(typed.toLowerCase()),
    fc.constant(fullWidth(typed)),
    fc.constant(` ${typed}\u3000`),
    fc.constant(typed.replace(/ /g, '\u3000')),
    fc.constant(typed.replace(/\u3000/g, ' ')),
    fc.constant(typed.replace(/ /g, ' \t ')),
  )

/** A phone number with hyphens, spaces or an IME's dashes put in between any two characters. */
const moreSeparators = (typed: string): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom('', '', '-', ' ', '\u2212', '\u30fc', '\uff0d', '.'), {
      minLength: typed.length,
      maxLength: typed.length,
    })
    .map((separators) =>
      [...typed].map((c, i) => (i === 0 ? c : `${separators[i] ?? ''}${c}`)).join(''),
    )

/** Taken away or put back: Japan's trunk 0 on a national number. */
const toggleTrunkPrefix = (typed: string, country: string) => {
  if (normalizeCountry(country) !== 'JP' || normalizeText(typed).startsWith('+')) return typed
  const digitsStart = typed.search(/[0-9０-９]/)
  if (digitsStart === -1) return typed
  const first = typed[digitsStart]
  return first === '0' || first === '０'
    ? typed.slice(0, digitsStart) + typed.slice(digitsStart + 1)
    : `${typed.slice(0, digitsStart)}0${typed.slice(digitsStart)}`
}

describe('a matching contact keeps matching after any tolerated variation', () => {
  const typedContact = fc.constantFrom(...DEMO_ACCOUNTS).chain((account) =>
    fc.record({
      account: fc.constant(account),
      name: fc
        .constantFrom(
          `${account.contactGivenName} ${account.contactFamilyName}`,
          `${account.contactFamilyName} ${account.contactGivenName}`,
        )
        .chain(tolerateText)
        .chain(furtherVariation),
      email: tolerateText(account.contactEmail).chain(furtherVariation),
      country: toleratedCountry(account),
      number: toleratedPhoneNumber(account)
        .chain(moreSeparators)
        .chain((n) => fc.oneof(fc.constant(n), fc.constant(fullWidth(n)))),
      toggleTrunk: fc.boolean(),
    }),
  )

  it(
    'name, phone and e-mail: valid, and equal to the registered contact',
    () => {
      fc.assert(
        fc.property(typedContact, ({ account, name, email, country, number, toggleTrunk }) => {
          const dialled = toggleTrunk ? toggleTrunkPrefix(number, country) : number
          const parsedName = nameField().safeParse(name)
          const parsedEmail = emailField().safeParse(email)
          const phone = normalizePhone(country, dialled)
          expect(parsedName.success, `name ${JSON.stringify(name)}`).toBe(true)
          expect(parsedEmail.success, `e-mail ${JSON.stringify(email)}`).toBe(true)
          expect(phone, `phone ${JSON.stringify([country, dialled])}`).toEqual({
            ok: true,
            e164: account.contactPhone,
          })
          if (!parsedName.success || !parsedEmail.success || !phone.ok) return
          const claim = { name: parsedName.data, phone: phone.e164, email: parsedEmail.data }
          expect(contactMatches(registered(account), claim)).toBe(true)
        }),
        options,
      )
    },
    TIMEOUT_MS,
  )

  it(
    'a registered name of any characters matches its lower-case and full-width forms',
    () => {
      const names = fc
        .tuple(trickyText, trickyText)
        .filter(([given, family]) =>
          [given, family].every((n) => normalizeText(n) !== '' && !/[\p{Cc}\p{Cf}]/u.test(n)),
        )
      fc.assert(
        fc.property(names, fc.boolean(), ([given, family], fullWidthToo) => {
          const contact = {
            ...registered(DEMO_ACCOUNTS[0] as DemoAccount),
            givenName: given,
            familyName: family,
          }
          // Lower case of the NFKC form: Σ lower-cases by its context (σ, or ς ending a word), and
          // NFKC can change that context ('㍱Σ' is 'hPaΣ'): docs/contract.md#matching-the-four-fields folds with toLowerCase alone.
          const lowered = normalizeText(`${family} ${given}`).toLowerCase()
          const typed = normalizeText(fullWidthToo ? fullWidth(lowered) : lowered)
          const claim = { name: typed, phone: contact.phone, email: contact.email }
          expect(contactMatches(contact, claim), JSON.stringify([given, family])).toBe(true)
        }),
        options,
      )
    },
    TIMEOUT_MS,
  )

  it(
    'matches a registered İﾞ typed in lower case (combining marks reordered by NFKC)',
    () => {
      const contact = {
        ...registered(DEMO_ACCOUNTS[0] as DemoAccount),
        givenName: 'İﾞ',
        familyName: 'Koku',
      }
      const claim = {
        name: normalizeText('i\u0307ﾞ koku'),
        phone: contact.phone,
        email: contact.email,
      }
      expect(contactMatches(contact, claim)).toBe(true)
    },
    TIMEOUT_MS,
  )

  it(
    'and a near miss (one look-alike, invisible or combining character) never matches',
    () => {
      const nearMissName = fc.constantFrom(...DEMO_ACCOUNTS).chain((account) =>
        fc.record({
          account: fc.constant(account),
          name: fc
            .tuple(
              tolerateText(`${account.contactGivenName} ${account.contactFamilyName}`),
              // Not U+FEFF: docs/contract.md#matching-the-four-fields folds JavaScript's \s, which counts it as white space.
              fc.constantFrom('\u0131', '\u0130', '\u0301', '\u200b', '\u202e', '\u2060', 'x'),
              fc.nat(),
            )
            .map(([typed, extra, at]) => {
              const i = at % (typed.length + 1)
              return typed.slice(0, i) + extra + typed.slice(i)
            }),
        }),
      )
      fc.assert(
        fc.property(nearMissName, ({ account, name }) => {
          const parsed = nameField().safeParse(name)
          if (!parsed.success) return
          const claim = {
            name: parsed.data,
            phone: account.contactPhone,
            email: account.contactEmail,
          }
          expect(contactMatches(registered(account), claim), JSON.stringify(name)).toBe(false)
        }),
        options,
      )
    },
    TIMEOUT_MS,
  )
})
