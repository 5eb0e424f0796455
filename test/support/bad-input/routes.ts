// Every POST route the property suite runs against: one entry each. A route added elsewhere
// (accounts, credential verifications) is one more entry with its fields and its reference.
import fc from 'fast-check'
import { DEMO_PASSWORD } from '../../../src/db/demo-accounts'
import {
  currentPasswordTyped,
  demoAccount,
  emailTyped,
  extraFields,
  fieldValue,
  loginIdTyped,
  maybe,
  nameTyped,
  newPasswordTyped,
  phoneTyped,
  wrongJsonType,
} from './arbitraries'
import {
  type Fields,
  referenceLoginIdNotification,
  referencePasswordChange,
  referencePasswordInitialization,
} from './reference-match'

/** What a route may change, and for whom, when the reference says the submission matched. */
export type Effect =
  | { kind: 'contact'; matched: ReadonlyArray<{ loginId: string; contactEmail: string }> }
  | { kind: 'password-change'; loginId: string | undefined }
  /** Answers only: no e-mail, no initialized password (a valid legacy hash may be rehashed). */
  | { kind: 'verification' }

export interface RouteUnderTest {
  path: string
  envelope: 'form' | 'json'
  /** Every status the route documents (docs/contract.md#matching-the-four-fields, #routes and docs/api.md). */
  documented: readonly number[]
  /** The statuses of a well-formed body: accepted, or its fields refused. */
  wellFormed: readonly number[]
  /** The fields of one submission, before encoding. */
  fields: fc.Arbitrary<Fields>
  /** What the reference says this submission may do; `passwords` is the suite's model. */
  effect: (fields: Fields, passwords: ReadonlyMap<string, string>) => Effect
  /** The API key scope the route requires; the suite sends a key with it. */
  scope?: 'credentials:verify'
}

const FORM_STATUSES = [303, 400, 403, 413, 415, 422, 429, 503] as const
const API_STATUSES = [202, 400, 401, 413, 415, 422, 429, 503] as const

/** Drops the fields left out (undefined), keeping the order. */
const present = (fields: Record<string, unknown>): Fields =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))

const contactFormFields = (withLoginId: boolean) =>
  demoAccount.chain((account) =>
    fc
      .record({
        loginId: withLoginId
          ? maybe(fieldValue(loginIdTyped(account), 'form'))
          : fc.constant(undefined),
        name: maybe(fieldValue(nameTyped(account), 'form')),
        phone: phoneTyped(account),
        email: maybe(fieldValue(emailTyped(account), 'form')),
        extra: extraFields,
      })
      .map(({ phone, extra, ...rest }) =>
        present({ ...extra, ...rest, phoneCountry: phone.country, phoneNumber: phone.number }),
      ),
  )

/** `phone` as an E.164 string or `{country, number}`, now and then with an extra key. */
const jsonPhone = (account: Parameters<typeof phoneTyped>[0]) =>
  phoneTyped(account).chain(({ country, number }) =>
    fc.oneof(
      { weight: 12, arbitrary: fc.constant<unknown>({ country, number }) },
      // A string must be E.164: the national forms are a field error.
      { weight: 4, arbitrary: fc.constant<unknown>(number) },
      { weight: 1, arbitrary: fc.constant<unknown>({ country, number, extension: '1' }) },
      { weight: 1, arbitrary: fc.constant<unknown>({ country }) },
      { weight: 1, arbitrary: wrongJsonType },
    ),
  )

const contactJsonFields = (withLoginId: boolean) =>
  demoAccount.chain((account) =>
    fc
      .record({
        loginId: withLoginId
          ? maybe(fieldValue(loginIdTyped(account), 'json'))
          : fc.constant(undefined),
        name: maybe(fieldValue(nameTyped(account), 'json')),
        phone: maybe(jsonPhone(account)),
        email: maybe(fieldValue(emailTyped(account), 'json')),
        locale: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom<unknown>(undefined, 'en', 'ja') },
          { weight: 1, arbitrary: fc.constantFrom<unknown>('fr', 'EN', 1, null, ['en']) },
        ),
        extra: fc.oneof(
          { weight: 8, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: extraFields },
        ),
      })
      .map(({ extra, ...rest }) => present({ ...(extra ?? {}), ...rest })),
  )

const contactEffect =
  (reference: (fields: Fields) => ReadonlyArray<{ loginId: string; contactEmail: string }>) =>
  (fields: Fields): Effect => ({ kind: 'contact', matched: reference(fields) })

export const ROUTES: readonly RouteUnderTest[] = [
  {
    path: '/api/v1/credential-verifications',
    envelope: 'json',
    documented: [200, 400, 401, 403, 413, 415, 422, 429, 503],
    wellFormed: [200, 422],
    scope: 'credentials:verify',
    fields: demoAccount.chain((account) =>
      fc
        .record({
          loginId: maybe(fieldValue(loginIdTyped(account), 'json')),
          password: maybe(fieldValue(currentPasswordTyped(DEMO_PASSWORD), 'json')),
          extra: fc.oneof(
            { weight: 8, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: extraFields },
          ),
        })
        .map(({ extra, ...rest }) => present({ ...(extra ?? {}), ...rest })),
    ),
    effect: () => ({ kind: 'verification' }),
  },
  {
    path: '/password/initialize',
    envelope: 'form',
    documented: FORM_STATUSES,
    wellFormed: [303, 422],
    fields: contactFormFields(true),
    effect: contactEffect((f) => referencePasswordInitialization(f, 'form')),
  },
  {
    path: '/login-id/notify',
    envelope: 'form',
    documented: FORM_STATUSES,
    wellFormed: [303, 422],
    fields: contactFormFields(false),
    effect: contactEffect((f) => referenceLoginIdNotification(f, 'form')),
  },
  {
    path: '/password/change',
    envelope: 'form',
    documented: FORM_STATUSES,
    // 429: the lockout, should a run of near misses reach it.
    wellFormed: [303, 422, 429],
    fields: demoAccount.chain((account) =>
      fc
        .record({
          loginId: maybe(fieldValue(loginIdTyped(account), 'form')),
          password: maybe(fieldValue(currentPasswordTyped(DEMO_PASSWORD), 'form')),
          newPassword: newPasswordTyped,
          confirmation: fc.option(newPasswordTyped, { freq: 4, nil: undefined }),
          extra: extraFields,
        })
        .map(({ confirmation, extra, ...rest }) =>
          present({
            ...extra,
            ...rest,
            newPasswordConfirmation: confirmation ?? rest.newPassword,
          }),
        ),
    ),
    effect: (fields, passwords) => ({
      kind: 'password-change',
      loginId: referencePasswordChange(fields, passwords)?.loginId,
    }),
  },
  {
    path: '/api/v1/password-initializations',
    envelope: 'json',
    documented: API_STATUSES,
    wellFormed: [202, 422],
    fields: contactJsonFields(true),
    effect: contactEffect((f) => referencePasswordInitialization(f, 'json')),
  },
  {
    path: '/api/v1/login-id-notifications',
    envelope: 'json',
    documented: API_STATUSES,
    wellFormed: [202, 422],
    fields: contactJsonFields(false),
    effect: contactEffect((f) => referenceLoginIdNotification(f, 'json')),
  },
]
