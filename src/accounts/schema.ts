import * as z from 'zod/mini'
import { LEGACY_PBKDF2_MIN_ITERATIONS, parsePhc } from '../credentials/hash'
import { LOCALES } from '../i18n/locales'
import {
  codedIssue,
  emailField,
  type FieldErrorCode,
  phoneJsonField,
  strictJsonObject,
} from '../identity/fields'
import { hasControlOrFormatCharacter, normalizeText } from '../identity/normalize'
import { lazy } from '../lazy'

/** The forms take a name of at most 100 characters, so "given family" must fit in that. */
const NAME_MAX_LENGTH = 100
const ORGANIZATION_NAME_MAX_LENGTH = 200

export const ACCOUNT_KINDS = ['individual', 'organization'] as const
export const ACCOUNT_STATUSES = ['active', 'locked', 'closed'] as const
/** The languages of the account's e-mails: every language the service speaks. */
export const ACCOUNT_LOCALES = LOCALES

const codePointLength = (value: string) => [...value].length

/** One of a few words, compared after normalizeText and case-insensitively ("Active", "zh-hans"). */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.pipe(
    z.string(),
    z.transform((raw: string, ctx): T[number] => {
      const value = normalizeText(raw).toLowerCase()
      const found = values.find((candidate) => candidate.toLowerCase() === value)
      if (found !== undefined) return found
      ctx.issues.push(codedIssue(value === '' ? 'required' : 'format', raw))
      return z.NEVER
    }),
  )

/** Text normalized like the forms' input (NFKC, spaces folded), then checked. */
const contactText = (maxLength: number) =>
  z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      const value = normalizeText(raw)
      let code: FieldErrorCode | undefined
      if (value === '') code = 'required'
      else if (hasControlOrFormatCharacter(value)) code = 'control_characters'
      else if (codePointLength(value) > maxLength) code = 'too_long'
      if (code === undefined) return value
      ctx.issues.push(codedIssue(code, raw))
      return z.NEVER
    }),
  )

/**
 * A PHC `pbkdf2-sha256` string this service can verify: at most 100,000 iterations (the Workers
 * cap), and at least 10,000 (weaker ones are refused, ASVS 6.x; the rest upgrade to peppered
 * Argon2id on their first successful use).
 */
const passwordHashField = () =>
  z.string().check(
    z.refine((value) => (parsePhc(value)?.iterations ?? 0) >= LEGACY_PBKDF2_MIN_ITERATIONS, {
      message: 'format',
      params: { code: 'format' },
    }),
  )

/** The registered contact of a JSON body: names, phone (to E.164) and e-mail, strict. */
const contactJson = () =>
  strictJsonObject({
    givenName: contactText(NAME_MAX_LENGTH).check(
      z.meta({
        description: 'Given name of the holder, or of the person in charge of an organization.',
      }),
    ),
    familyName: contactText(NAME_MAX_LENGTH).check(
      z.meta({ description: 'Family name; "given family" is at most 100 characters.' }),
    ),
    phone: phoneJsonField().check(
      z.meta({
        description:
          'An E.164 string, or `{country, number}` with an ISO 3166 alpha-2 code and the national number. Stored in E.164.',
      }),
    ),
    email: emailField().check(
      z.meta({ description: 'The registered address; mail only ever goes here.' }),
    ),
  }).check(
    z.superRefine((contact, ctx) => {
      if (codePointLength(`${contact.givenName} ${contact.familyName}`) > NAME_MAX_LENGTH) {
        ctx.addIssue(codedIssue('too_long', contact, ['familyName']))
      }
    }),
  )

/**
 * The body of `PUT /api/v1/accounts/{loginId}` (docs/contract.md#accounts-from-the-system-of-record), and what every CSV row is turned into
 * before it is checked: one schema, so both ways in validate alike.
 */
export const accountJson = lazy(() =>
  strictJsonObject({
    kind: oneOf(ACCOUNT_KINDS).check(z.meta({ description: '`individual` or `organization`.' })),
    status: z
      .optional(oneOf(ACCOUNT_STATUSES))
      .check(z.meta({ description: '`active` (the default), `locked` or `closed`.' })),
    locale: z.optional(oneOf(ACCOUNT_LOCALES)).check(
      z.meta({
        description: `Language of the e-mails: one of ${LOCALES.join(', ')}; \`ja\` by default.`,
      }),
    ),
    organizationName: z.optional(contactText(ORGANIZATION_NAME_MAX_LENGTH)).check(
      z.meta({
        description: "The organization's name; required for, and only for, `organization`.",
      }),
    ),
    contact: contactJson(),
    passwordHash: z.optional(passwordHashField()).check(
      z.meta({
        description:
          'The current password as `$pbkdf2-sha256$i=N$salt$hash` (PHC, base64 without padding, N from 10,000 to 100,000), with `passwordChangedAt`. Applied only when the account has no password here or `passwordChangedAt` is newer than the stored one; stored wrapped (peppered Argon2id over it). Left out: the stored one is kept; a new account then has no current password.',
      }),
    ),
    passwordChangedAt: z.optional(z.iso.datetime({ offset: true })).check(
      z.meta({
        description:
          'ISO 8601 time the system of record set `passwordHash`; required with it, and only with it.',
      }),
    ),
  }).check(
    z.superRefine((account, ctx) => {
      if (account.passwordHash !== undefined && account.passwordChangedAt === undefined) {
        ctx.addIssue(codedIssue('required', account, ['passwordChangedAt']))
      }
      if (account.passwordHash === undefined && account.passwordChangedAt !== undefined) {
        ctx.addIssue(codedIssue('format', account, ['passwordChangedAt']))
      }
      if (account.kind === 'organization' && account.organizationName === undefined) {
        ctx.addIssue(codedIssue('required', account, ['organizationName']))
      }
      if (account.kind === 'individual' && account.organizationName !== undefined) {
        ctx.addIssue(codedIssue('format', account, ['organizationName']))
      }
    }),
  ),
)

export type AccountJson = z.output<ReturnType<typeof accountJson>>

/** An account as both ways in store it: normalized text, phone in E.164. */
export interface AccountRecord {
  loginId: string
  kind: (typeof ACCOUNT_KINDS)[number]
  status: (typeof ACCOUNT_STATUSES)[number]
  locale: (typeof ACCOUNT_LOCALES)[number]
  organizationName: string | null
  contactGivenName: string
  contactFamilyName: string
  /** E.164 */
  contactPhone: string
  contactEmail: string
  /** undefined: keep the stored hash (a new account then has none). */
  passwordHash: string | undefined
  /** When the system of record set passwordHash (epoch ms); with it, and only with it. */
  passwordChangedAt: number | undefined
}

/** The record a valid body describes for this login ID, with the contract's (docs/contract.md#accounts-from-the-system-of-record) defaults filled in. */
export const toAccountRecord = (loginId: string, account: AccountJson): AccountRecord => ({
  loginId,
  kind: account.kind,
  status: account.status ?? 'active',
  locale: account.locale ?? 'ja',
  organizationName: account.organizationName ?? null,
  contactGivenName: account.contact.givenName,
  contactFamilyName: account.contact.familyName,
  contactPhone: account.contact.phone,
  contactEmail: account.contact.email,
  passwordHash: account.passwordHash,
  passwordChangedAt:
    account.passwordChangedAt === undefined ? undefined : Date.parse(account.passwordChangedAt),
})
