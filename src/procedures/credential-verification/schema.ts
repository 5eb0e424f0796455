import * as z from 'zod/mini'
import { loginIdField, strictJsonObject } from '../../identity/fields'
import { lazy } from '../../lazy'

/**
 * docs/contract.md#credential-verification: `{loginId, password}`, nothing else. The password is checked as typed (hashing
 * NFKC-normalizes it); only an empty one is refused.
 */
export const credentialVerificationJson = lazy(() =>
  strictJsonObject({
    loginId: loginIdField(),
    password: z.string().check(z.minLength(1)),
  }),
)

export type CredentialVerificationRequest = z.infer<ReturnType<typeof credentialVerificationJson>>

/** The four answers (docs/contract.md#credential-verification), as the OpenAPI document describes them. */
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
  ]),
)

export type CredentialVerificationAnswer = z.infer<ReturnType<typeof credentialVerificationAnswer>>
