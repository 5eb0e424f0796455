import { type Hook, zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import { Hono } from 'hono/tiny'
import type * as z from 'zod/mini'
import { apiKeyAuth } from '../api/api-keys'
import { apiLocale } from '../api/json-locale'
import { problem } from '../api/problem'
import type { Procedure } from '../db/audit'
import { madeOnFirstCall } from '../lazy'
import type { AppEnv } from '../platform/context'
import type { QueuedProcedure } from '../procedures/queued-procedure-types'
import { issuesToFieldErrors, keepIssueInput } from './field-errors'
import { jsonBodyLimit, jsonOnly } from './json-body'
import { enqueueSubmission, submissionLimits, throttleInvalid } from './submission'

/** The one answer of every valid request, byte for byte, whatever it leads to. */
export const ACCEPTED_BODY = '{"status":"accepted"}'

/** The `locale` a JSON body asked for, when it is an object that has one. */
const bodyLocale = (body: unknown) =>
  typeof body === 'object' && body !== null && 'locale' in body ? body.locale : undefined

/** The language of an answer to a body that parsed (Hono cached it before validation). */
const answerLocale = async (c: Context<AppEnv>) => apiLocale(c, bodyLocale(await c.req.json()))

/**
 * 422 with one error per invalid field, or 429 past the client's throttle of invalid posts; the
 * refusal is counted (docs/contract.md#security-baseline). The schema is built by
 * the first body the validator checks, not when the routes are registered.
 */
export const validJson = <T extends z.ZodMiniType>(procedure: Procedure, schema: () => T) => {
  const hook: Hook<z.output<T>, AppEnv, string, 'json', object, T> = async (result, c) => {
    if (result.success) return
    const retryAfterSeconds = await throttleInvalid(c, procedure)
    if (retryAfterSeconds !== null) {
      const response = problem(c, 429, 'too-many-requests', apiLocale(c, bodyLocale(result.data)))
      response.headers.set('Retry-After', String(retryAfterSeconds))
      return response
    }
    const errors = issuesToFieldErrors(result.error.issues)
    return problem(c, 422, 'invalid-fields', apiLocale(c, bodyLocale(result.data)), errors)
  }
  return madeOnFirstCall(() =>
    zValidator<T, 'json', AppEnv, string, typeof hook>('json', schema(), hook, keepIssueInput<T>()),
  )
}

const METHODS_OTHER_THAN_POST = ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * The JSON route of a queued procedure (docs/contract.md#routes), checked in the contract's (docs/contract.md#matching-the-four-fields) order: 401 (bad key), 413,
 * 415, 400, 422, 429; then enqueued and answered 202 with the same body whatever the consumer
 * will find (503 when the queue does not accept it). Other methods: 405.
 */
export function jsonRoutes<Request extends object, Preread>(
  procedure: QueuedProcedure<Request, Preread>,
) {
  const { name } = procedure
  return new Hono<AppEnv>()
    .post(
      '/',
      apiKeyAuth(),
      jsonBodyLimit(),
      jsonOnly(),
      validJson(name, procedure.jsonSchema),
      submissionLimits<{ out: { json: Request } }>(
        name,
        (c) => procedure.loginIdOf(c.req.valid('json')),
        async (c) => problem(c, 429, 'too-many-requests', await answerLocale(c)),
      ),
      async (c) => {
        if (!(await enqueueSubmission(c, name, c.req.valid('json'), null))) {
          return problem(c, 503, 'service-unavailable', await answerLocale(c))
        }
        return c.body(ACCEPTED_BODY, 202, { 'Content-Type': 'application/json' })
      },
    )
    .on(METHODS_OTHER_THAN_POST, '/', (c) => {
      const response = problem(c, 405, 'method-not-allowed', apiLocale(c))
      response.headers.set('Allow', 'POST')
      return response
    })
}
