// Generators for the property suite, built from the contract's (docs/contract.md#matching-the-four-fields) field rules: the demo accounts' real
// values, the variations docs/contract.md#matching-the-four-fields tolerates (case, full-width, spaces, separators, trunk prefix,
// name order), near misses one edit away, Unicode edge cases, wrong JSON types, and markers
// that would show if a page ever echoed input unescaped.
import fc from 'fast-check'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from '../../../src/db/demo-accounts'

/** Markup that must never come back raw in a page. */
export const MARKERS = [
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "'><img src=x onerror=alert(1)>",
] as const

/** Characters that break naive handling: dotted/dotless i, zero-width space, RTL override, BOM, combining acute, NUL, a lone surrogate, NBSP, U+3000, a ligature, a circled digit. */
export const EDGE_CHARACTERS = [
  '\u0130',
  '\u0131',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\u0301',
  '\u0000',
  '\ud800',
  '\u00a0',
  '\u3000',
  '\ufb01',
  '\u2460',
  '\t',
  '\n',
] as const

/** ASCII as its full-width form (U+FF01…), the space as U+3000. */
export const fullWidth = (s: string) =>
  s.replace(/[!-~ ]/g, (c) =>
    c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0),
  )

/** Look-alikes one edit away: they must never match. */
const LOOK_ALIKES: Record<string, string> = {
  i: '\u0131',
  I: '\u0130',
  o: '\u03bf',
  a: '\u0430',
  e: '\u0435',
  '1': '\u0661',
}

/** A string with one character changed, dropped, doubled, or an edge character put in. */
const nearMiss = (s: string): fc.Arbitrary<string> =>
  fc.nat({ max: Math.max(0, s.length - 1) }).chain((at) =>
    fc.oneof(
      fc.constant(s.slice(0, at) + s.slice(at + 1)),
      fc.constant(s.slice(0, at) + (s[at] ?? '') + s.slice(at)),
      fc.constantFrom(...EDGE_CHARACTERS).map((edge) => s.slice(0, at) + edge + s.slice(at)),
      fc.constant(s.slice(0, at) + (LOOK_ALIKES[s[at] ?? ''] ?? 'x') + s.slice(at + 1)),
      fc.constant(`${s}\u0301`),
    ),
  )

/** Upper, lower or mixed case (locale-independent, as docs/contract.md#matching-the-four-fields folds it). */
const anyCase = (s: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(s),
    fc.constant(s.toUpperCase()),
    fc.constant(s.toLowerCase()),
    fc
      .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
      .map((flips) =>
        [...s].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join(''),
      ),
  )

/** White space docs/contract.md#matching-the-four-fields folds: around the value and instead of its spaces. */
const SPACE = fc.constantFrom(' ', '  ', '\u3000', '\t', ' \u3000 ')
const spaced = (s: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('', ' ', '\u3000'), SPACE, fc.constantFrom('', ' ', '\n'))
    .map(([before, space, after]) => before + s.replace(/ /g, space) + after)

/** A value as typed: as registered, a tolerated variation, or a near miss. */
const typedVariant = (exact: string, tolerated: (s: string) => fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(exact) },
    { weight: 8, arbitrary: tolerated(exact) },
    { weight: 2, arbitrary: tolerated(exact).chain(nearMiss) },
  )

/** A text field as typed, varied only in the ways docs/contract.md#matching-the-four-fields tolerates. */
export const tolerateText = (s: string) =>
  anyCase(s)
    .chain(spaced)
    .chain((t) => fc.oneof(fc.constant(t), fc.constant(fullWidth(t))))

export const loginIdTyped = (account: DemoAccount) =>
  typedVariant(account.loginId, (id) =>
    fc.oneof(fc.constant(id), fc.constant(fullWidth(id)), spaced(` ${id} `)),
  )

export const nameTyped = (account: DemoAccount) =>
  fc
    .constantFrom(
      `${account.contactGivenName} ${account.contactFamilyName}`,
      `${account.contactFamilyName} ${account.contactGivenName}`,
    )
    .chain((name) => typedVariant(name, tolerateText))

export const emailTyped = (account: DemoAccount) => typedVariant(account.contactEmail, tolerateText)

/** The number as a person dials it in its country (with the trunk prefix), from E.164. */
export function nationalNumber(e164: string): { country: string; number: string } {
  if (e164.startsWith('+81')) return { country: 'JP', number: `0${e164.slice(3)}` }
  if (e164.startsWith('+1')) return { country: 'US', number: e164.slice(2) }
  throw new Error(`No national form for ${e164}`)
}

/** Separators docs/contract.md#matching-the-four-fields tolerates between digit groups, including an IME's dashes. */
const SEPARATOR = fc.constantFrom('-', ' ', '.', '\u2212', '\u30fc', '\uff0d', '')
const separated = (digits: string): fc.Arbitrary<string> =>
  fc
    .tuple(SEPARATOR, fc.integer({ min: 2, max: 4 }), fc.boolean())
    .map(([separator, group, parenthesized]) => {
      const [head, ...rest] = digits.match(new RegExp(`.{1,${group}}`, 'g')) ?? [digits]
      const first = parenthesized && !head?.startsWith('+') ? `(${head})` : (head ?? '')
      return [first, ...rest].join(separator)
    })

/** The ways a person may dial the account's number: with or without the trunk prefix, or `+`. */
const phoneNumbers = (account: DemoAccount) => {
  const { country, number } = nationalNumber(account.contactPhone)
  return fc.constantFrom(
    number,
    country === 'JP' ? number.slice(1) : `1${number}`,
    account.contactPhone,
  )
}

/** The account's number varied only as docs/contract.md#matching-the-four-fields tolerates: separators, full-width digits, trunk prefix, `+`. */
export const toleratedPhoneNumber = (account: DemoAccount) =>
  phoneNumbers(account)
    .chain(separated)
    .chain((n) => fc.oneof(fc.constant(n), fc.constant(fullWidth(n))))

/** The account's country code as typed: any case, padded, full-width. */
export const toleratedCountry = (account: DemoAccount) => {
  const { country } = nationalNumber(account.contactPhone)
  return fc.constantFrom(country, country.toLowerCase(), ` ${country}`, fullWidth(country))
}

/** `{country, number}` as typed: tolerated variations, another number, a near miss, a bad country. */
export const phoneTyped = (account: DemoAccount) => {
  const tolerated = toleratedPhoneNumber(account)
  return fc.record({
    country: fc.oneof(
      { weight: 20, arbitrary: toleratedCountry(account) },
      { weight: 1, arbitrary: fc.constantFrom('GB', 'XX', '', '日本', 'JPN') },
    ),
    number: fc.oneof(
      { weight: 12, arbitrary: tolerated },
      {
        weight: 2,
        arbitrary: phoneNumbers(account).chain((n) =>
          fc.nat({ max: n.length - 1 }).map((at) => {
            // One digit changed: another possible number, never this one.
            const digit = n[at] ?? '0'
            const other = digit === '+' ? '+' : String((Number(digit) + 1) % 10)
            return n.slice(0, at) + other + n.slice(at + 1)
          }),
        ),
      },
      { weight: 1, arbitrary: tolerated.chain(nearMiss) },
    ),
  })
}

/** Values no field accepts as the string it wants (JSON only). */
export const wrongJsonType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.constant({ ['__proto__']: { admin: true } }),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
)

/** Strings with no relation to any account: markers, edge characters, arbitrary text. */
export const strangeString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...MARKERS),
  fc.constantFrom(...EDGE_CHARACTERS).map((c) => `Taro${c}KOKU`),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u3000', 'null', 'undefined', '0', '-1', '1e9', '123456789'.repeat(12)),
)

/** A lone surrogate (high or low half), which JSON can carry as `\\ud800` and no text holds. */
export const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((unit) => String.fromCharCode(unit))

/** A value as typed with one lone surrogate put in somewhere (JSON only). */
const withLoneSurrogate = (typed: fc.Arbitrary<string>) =>
  fc.tuple(typed, loneSurrogate, fc.nat()).map(([value, half, at]) => {
    const cut = value.length === 0 ? 0 : at % (value.length + 1)
    const joined = value.slice(0, cut) + half + value.slice(cut)
    // Next to a matching half it would make a well-formed pair: put it at the end alone then.
    return joined.isWellFormed() ? `${value}x${half}` : joined
  })

/** True when some string in a JSON value, key or value, is not well-formed UTF-16. */
export const hasIllFormedText = (value: unknown): boolean =>
  typeof value === 'string'
    ? !value.isWellFormed()
    : typeof value === 'object' && value !== null
      ? Object.entries(value).some(([key, item]) => !key.isWellFormed() || hasIllFormedText(item))
      : false

/** A demo account, locked one included, to build a submission around. */
export const demoAccount = fc.constantFrom(...DEMO_ACCOUNTS)

/**
 * One field as sent: usually derived from the account, sometimes a strange string, a marker
 * inside the real value, or (forms) repeated.
 */
export const fieldValue = (typed: fc.Arbitrary<string>, envelope: 'form' | 'json') =>
  fc.oneof(
    { weight: 40, arbitrary: typed },
    { weight: 1, arbitrary: strangeString },
    {
      weight: 1,
      arbitrary: fc
        .tuple(typed, fc.constantFrom(...MARKERS))
        .map(([value, marker]) => `${value}${marker}`),
    },
    envelope === 'form'
      ? { weight: 1, arbitrary: fc.tuple(typed, typed).map(([a, b]) => [a, b]) }
      : { weight: 1, arbitrary: wrongJsonType },
    envelope === 'form'
      ? { weight: 1, arbitrary: typed }
      : { weight: 1, arbitrary: withLoneSurrogate(typed) },
  )

/** Present with a value, or (rarely) left out. */
export const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(value, { freq: 12, nil: undefined })

/** Fields a client may add that no route knows, prototype-shaped ones included. */
export const extraFields = fc.dictionary(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'loginId[]',
    'admin',
    'phone',
    'padding',
  ),
  fc.string({ maxLength: 12 }),
  { maxKeys: 2 },
)

/** The password change: the demo password (or its NFKC twin), near misses, and new passwords. */
export const currentPasswordTyped = (current: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(current) },
    { weight: 1, arbitrary: fc.constant(fullWidth(current)) },
    { weight: 3, arbitrary: nearMiss(current) },
    { weight: 1, arbitrary: fc.constant(current.toUpperCase()) },
    { weight: 1, arbitrary: strangeString },
  )

export const newPasswordTyped = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z]{4}-[a-z]{4}-[a-z]{4}-[0-9]{2}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('short', DEMO_PASSWORD, 'passwordpassword', 'x'.repeat(129)),
  },
  { weight: 1, arbitrary: strangeString },
)
