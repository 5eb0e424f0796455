import { type Hook, zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import type * as z from 'zod'
import { issuesToFieldErrors, loginIdField } from '../identity/fields'
import { type Outcome, type Procedure, recordAuditEvent } from '../platform/audit'
import type { AppEnv, ServiceContext } from '../platform/context'
import { loginIdNotificationJson } from '../procedures/login-id-notification/schema'
import { notifyLoginIds } from '../procedures/login-id-notification/service'
import { passwordInitializationJson } from '../procedures/password-initialization/schema'
import { initializePassword } from '../procedures/password-initialization/service'
import { beginProcedure, submissionLimits } from '../procedures/submission'
import { apiKeyAuth } from './api-keys'
import { jsonBodyLimit, jsonOnly } from './json-body'
import { apiLocale } from './locale'
import { openApiDocument } from './openapi'
import { problem } from './problem'

/** The one answer of every valid request, byte for byte, whatever it leads to. */
const ACCEPTED_BODY = '{"status":"accepted"}'

/** The `locale` a JSON body asked for, when it is an object that has one. */
const bodyLocale = (body: unknown) =>
  typeof body === 'object' && body !== null && 'locale' in body ? body.locale : undefined

/** 422 with one error per invalid field, audited as `invalid`. */
const validJson = <T extends z.ZodType>(procedure: Procedure, schema: T) => {
  const hook: Hook<z.output<T>, AppEnv, string, 'json', object, T> = async (result, c) => {
    if (result.success) return
    const parsedLoginId = loginIdField.safeParse(
      typeof result.data === 'object' && result.data !== null && 'loginId' in result.data
        ? result.data.loginId
        : undefined,
    )
    await recordAuditEvent(c.get('services'), {
      procedure,
      outcome: 'invalid',
      loginId: parsedLoginId.success ? parsedLoginId.data : null,
    })
    const errors = issuesToFieldErrors(result.error.issues)
    return problem(c, 422, 'invalid-fields', apiLocale(c, bodyLocale(result.data)), errors)
  }
  return zValidator<T, 'json', AppEnv, string, typeof hook>('json', schema, hook)
}

/** 429 in the language the body asked for (it was parsed, and cached, before the limits). */
const tooManyRequests = async (c: Context<AppEnv>) =>
  problem(c, 429, 'too-many-requests', apiLocale(c, bodyLocale(await c.req.json())))

async function accept(
  c: Context<AppEnv>,
  submission: {
    procedure: Procedure
    loginId: string | null
    run: (services: ServiceContext) => Promise<Outcome>
  },
) {
  if (!(await beginProcedure(c, submission))) {
    return problem(c, 503, 'service-unavailable', apiLocale(c, bodyLocale(await c.req.json())))
  }
  return c.body(ACCEPTED_BODY, 202, { 'Content-Type': 'application/json' })
}

/**
 * The JSON API (SPEC 7) under /api/v1: the same Zod schemas and services as the forms. Checks
 * run in SPEC 3's order: 401 (bad key), 413, 415, 400, 422, 429.
 */
export const apiRoutes = new Hono<AppEnv>()
  .post(
    '/password-initializations',
    apiKeyAuth(),
    jsonBodyLimit(),
    jsonOnly(),
    validJson('password_initialization', passwordInitializationJson),
    submissionLimits<{ out: { json: z.output<typeof passwordInitializationJson> } }>(
      'password_initialization',
      (c) => c.req.valid('json').loginId,
      tooManyRequests,
    ),
    (c) => {
      const request = c.req.valid('json')
      return accept(c, {
        procedure: 'password_initialization',
        loginId: request.loginId,
        run: (services) => initializePassword(services, request),
      })
    },
  )
  .post(
    '/login-id-notifications',
    apiKeyAuth(),
    jsonBodyLimit(),
    jsonOnly(),
    validJson('login_id_notification', loginIdNotificationJson),
    submissionLimits('login_id_notification', () => null, tooManyRequests),
    (c) => {
      const request = c.req.valid('json')
      return accept(c, {
        procedure: 'login_id_notification',
        loginId: null,
        run: (services) => notifyLoginIds(services, request),
      })
    },
  )
  .on(
    ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    ['/password-initializations', '/login-id-notifications'],
    (c) => {
      const response = problem(c, 405, 'method-not-allowed', apiLocale(c))
      response.headers.set('Allow', 'POST')
      return response
    },
  )
  .on(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], '/openapi.json', (c) => {
    const response = problem(c, 405, 'method-not-allowed', apiLocale(c))
    response.headers.set('Allow', 'GET, HEAD')
    return response
  })
  .get('/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300')
    return c.json(openApiDocument(c.env.PUBLIC_BASE_URL, c.env.SERVICE_NAME))
  })
