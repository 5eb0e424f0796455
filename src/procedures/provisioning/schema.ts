import * as z from 'zod/mini'
import {
  ACCOUNT_KINDS,
  ACCOUNT_LOCALES,
  ACCOUNT_STATUSES,
  accountJson,
} from '../../accounts/schema'
import type { StoredAccount } from '../../accounts/store'
import { lazy } from '../../lazy'

/** The body of `PUT /api/v1/accounts/{loginId}`: the same schema the CSV import checks rows with. */
export const accountRequest = accountJson

/**
 * The account as stored, as every route answers it: phone in E.164, `hasPassword` in place of
 * the hash (which never leaves the database). Only the OpenAPI document reads it: built then.
 */
export const accountDocument = lazy(() =>
  z.strictObject({
    loginId: z.string().check(z.meta({ description: 'Nine digits.' })),
    kind: z.enum(ACCOUNT_KINDS),
    status: z.enum(ACCOUNT_STATUSES),
    locale: z.enum(ACCOUNT_LOCALES),
    organizationName: z.nullable(z.string()),
    contact: z.strictObject({
      givenName: z.string(),
      familyName: z.string(),
      phone: z.string().check(z.meta({ description: 'E.164' })),
      email: z.string(),
    }),
    hasPassword: z
      .boolean()
      .check(z.meta({ description: 'Whether the account has a current password.' })),
    emailBouncedAt: z.nullable(z.iso.datetime()).check(
      z.meta({
        description:
          'When mail to `contact.email` bounced hard; null again once a PUT or import changes the address.',
      }),
    ),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  }),
)

export type AccountDocument = z.infer<ReturnType<typeof accountDocument>>

export const toAccountDocument = (account: StoredAccount): AccountDocument => ({
  loginId: account.loginId,
  kind: account.kind,
  status: account.status,
  locale: account.locale,
  organizationName: account.organizationName,
  contact: {
    givenName: account.contactGivenName,
    familyName: account.contactFamilyName,
    phone: account.contactPhone,
    email: account.contactEmail,
  },
  hasPassword: account.passwordHash !== null,
  emailBouncedAt:
    account.emailBouncedAt === null ? null : new Date(account.emailBouncedAt).toISOString(),
  createdAt: new Date(account.createdAt).toISOString(),
  updatedAt: new Date(account.updatedAt).toISOString(),
})
