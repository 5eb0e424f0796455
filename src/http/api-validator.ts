import { type Hook, zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type * as z from 'zod/mini'
import type { FieldError } from '../api/field-messages'
import { apiLocale } from '../api/json-locale'
import { problem } from '../api/problem'
import type { Procedure } from '../db/audit'
import { madeOnFirstCall } from '../lazy'
import type { AppEnv } from '../platform/context'
import { issuesToFieldErrors, keepIssueInput } from './field-errors'
import { throttleInvalid } from './submission'

/** The `locale` a JSON body asked for, when it is an object that has one. */
export const bodyLocale = (body: unknown) =>
  typeof body === 'object' && body !== null && 'locale' in body ? body.locale : undefined

/** How an API route refuses what it can not take. */
export interface ApiValidation {
  /**
   * An invalid post of this procedure is counted, and past the client's throttle of invalid
   * posts answered 429 (docs/contract.md#security-baseline); unset for the accounts API, whose
   * key's quota is charged after validation instead.
   */
  countAs?: Procedure
  /** The 422's `errors`; by default one per invalid field, from the issues' codes. */
  errors?: (issues: readonly z.core.$ZodIssue[]) => FieldError[]
  /** The answer is in the body's `locale` when it has one (a procedure's JSON body). */
  localeFromBody?: boolean
}

/**
 * The one validator of the API's JSON bodies, path parameters and queries: 422 with a problem
 * document naming each invalid field (or 429, see `countAs`). The schema is built by the first
 * request the validator checks, not when the routes are registered; it is parsed synchronously,
 * lone surrogates refused first (`keepIssueInput`).
 *
 * @example
 * .post('/', validInput('json', requestSchema, { countAs: 'password_initialization', localeFromBody: true }), handler)
 */
export const validInput = <
  Target extends keyof ValidationTargets & ('json' | 'param' | 'query'),
  T extends z.ZodMiniType,
>(
  target: Target,
  schema: () => T,
  options: ApiValidation = {},
) => {
  const hook: Hook<z.output<T>, AppEnv, string, Target, object, T> = async (result, c) => {
    if (result.success) return
    const locale = apiLocale(c, options.localeFromBody ? bodyLocale(result.data) : undefined)
    if (options.countAs !== undefined) {
      const retryAfterSeconds = await throttleInvalid(c, options.countAs)
      if (retryAfterSeconds !== null) {
        const response = problem(c, 429, 'too-many-requests', locale)
        response.headers.set('Retry-After', String(retryAfterSeconds))
        return response
      }
    }
    const errors = (options.errors ?? issuesToFieldErrors)(result.error.issues)
    return problem(c, 422, 'invalid-fields', locale, errors)
  }
  return madeOnFirstCall(() =>
    zValidator<T, Target, AppEnv, string, typeof hook>(target, schema(), hook, keepIssueInput<T>()),
  )
}
