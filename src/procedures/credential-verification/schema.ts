import * as z from 'zod/mini'
import { loginIdField, strictJsonObject } from '../../identity/fields'
import { lazy } from '../../lazy'

/**
 * docs/contract.md#credential-verification: `{loginId, password}` and, optionally, `clientAddress`: the end user's IP address as
 * the login system saw it, so that the lockout counts per end user (docs/passwords.md); nothing
 * else. The password is checked as typed (hashing NFKC-normalizes it); only an empty one is
 * refused.
 */
export const credentialVerificationJson = lazy(() =>
  strictJsonObject({
    loginId: loginIdField(),
    password: z.string().check(z.minLength(1)),
    clientAddress: z.optional(z.union([z.ipv4(), z.ipv6()])),
  }),
)

export type CredentialVerificationRequest = z.infer<ReturnType<typeof credentialVerificationJson>>

/** The five answers (docs/contract.md#credential-verification), as the OpenAPI document describes them. */
export const credentialVerificationAnswer = lazy(() =>
  z.discriminatedUnion('result', [
    z.strictObject({
      result: z.literal('valid'),
      passwordKind: z.literal('current'),
      mustChangePassword: z.literal(false),
    }),
    z.strictObject({
      result: z.literal('valid'),
      passwordKind: z.literal('initialized'),
      mustChangePassword: z.literal(true),
    }),
    z.strictObject({ result: z.literal('invalid') }),
    z.strictObject({ result: z.literal('locked'), retryAfterSeconds: z.int().check(z.minimum(1)) }),
    z.strictObject({ result: z.literal('suspended') }),
  ]),
)

export type CredentialVerificationAnswer = z.infer<ReturnType<typeof credentialVerificationAnswer>>
