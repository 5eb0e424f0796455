import type { Context, MiddlewareHandler } from 'hono'
import { Hono } from 'hono/tiny'
import type * as z from 'zod/mini'
import { apiLocale } from '../api/json-locale'
import { problem } from '../api/problem'
import type { Procedure } from '../db/audit'
import type { AppEnv } from '../platform/context'
import { bodyLocale, validInput } from './api-validator'
import { jsonBodyLimit, jsonOnly } from './json-body'
import { postOnly } from './method-not-allowed'
import { submissionLimits } from './submission'

/** The one answer of every valid request, byte for byte, whatever it leads to. */
export const ACCEPTED_BODY = '{"status":"accepted"}'

/** The language of an answer to a body that parsed (Hono cached it before validation). */
export const answerLocale = async (c: Context<AppEnv>) =>
  apiLocale(c, bodyLocale(await c.req.json()))

/** A procedure's JSON POST, described: who may post, what, and which login ID it names. */
export interface JsonPost<Request extends object> {
  procedure: Procedure
  /** 401/403: `apiKeyAuth()` (a key is optional) or `requireApiKey(scope)`. */
  auth: MiddlewareHandler<AppEnv>
  /** The body's schema (strict), built on first use. */
  schema: () => z.ZodMiniType<Request>
  /** The login ID it names, for its per-login-ID window; null for the client's windows only. */
  loginIdOf: (request: Request) => string | null
}

/** The context of a JSON post's handler: its body validated. */
export type ValidJson<Request> = Context<AppEnv, string, { out: { json: Request } }>

/**
 * The recipe of every procedure's JSON POST (docs/architecture.md#route-recipes), checked in the
 * contract's order (docs/contract.md#matching-the-four-fields): 401/403 (`auth`), 413, 415, 400,
 * 422 (counted, 429 past the throttle of invalid posts), 429 (the limits); then `handler`.
 * Other methods: 405. Mounted at the procedure's path by its `routes.ts`.
 */
export function jsonPost<Request extends object>(
  post: JsonPost<Request>,
  handler: (c: ValidJson<Request>) => Promise<Response>,
) {
  const { procedure } = post
  return postOnly(
    new Hono<AppEnv>().post(
      '/',
      post.auth,
      jsonBodyLimit(),
      jsonOnly(),
      validInput('json', post.schema, { countAs: procedure, localeFromBody: true }),
      submissionLimits<{ out: { json: Request } }>(
        procedure,
        (c) => post.loginIdOf(c.req.valid('json')),
        async (c) => problem(c, 429, 'too-many-requests', await answerLocale(c)),
      ),
      (c) => handler(c),
    ),
  )
}
