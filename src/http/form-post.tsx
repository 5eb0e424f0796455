import type { Context, Input, MiddlewareHandler } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { Hono } from 'hono/tiny'
import type { Procedure } from '../db/audit'
import { MAX_BODY_BYTES } from '../max-body-size'
import { bodyLimit } from '../middleware/body-limit'
import { sameOriginPost } from '../middleware/same-origin'
import type { AppEnv } from '../platform/context'
import { statusPage } from './status-answer'
import { submissionLimits } from './submission'
import { unreadableFormPage, utf8Form } from './utf8-form-page'

export { statusPage }

/** 403 for a form posted from another site (checked before the body is read). */
export const sameOriginForm = (formPath: string) =>
  sameOriginPost<AppEnv>({
    allowedOrigins: (c) => [
      new URL(c.req.url).origin,
      c.get('services').config.publicBaseUrl.origin,
    ],
    onRejected: (c) => statusPage(c, formPath, 403, (t) => t.forbidden),
  })

/** 413 for a body over 16 KiB; it reads no further than that. */
export const limitedBody = (formPath: string) =>
  bodyLimit<AppEnv>({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => statusPage(c, formPath, 413, (t) => t.tooLarge),
    onIncomplete: (c) => unreadableFormPage(c, formPath),
  })

/**
 * The limits (docs/contract.md#abuse-limits) for a form: past one, a 429 page saying when to try
 * again. With `challengePage`, a client at or above `TURNSTILE_THRESHOLD` without a confirmed
 * token gets that page instead, with status 429: the form again, carrying the Turnstile widget
 * (docs/operations.md#bot-check-turnstile).
 */
export const formSubmissionLimits = <I extends Input>(
  procedure: Procedure,
  formPath: string,
  loginIdOf: (c: Context<AppEnv, string, I>) => string | null,
  challengePage?: (c: Context<AppEnv, string, I>) => Promise<JSX.Element>,
) =>
  submissionLimits<I>(
    procedure,
    loginIdOf,
    (c, retryAfterSeconds) =>
      statusPage(c, formPath, 429, (t) => ({
        title: t.tooManyRequests.title,
        body: t.tooManyRequests.body(Math.ceil(retryAfterSeconds / 60)),
      })),
    challengePage &&
      (async (c) => {
        const page = await challengePage(c)
        c.status(429)
        return c.render(page)
      }),
  )

/** The input of a form post's handler: its form validated into `Request`. */
type ValidForm<Request> = { out: { form: Request } }

/** A procedure's form POST, described: where the form lives, how it is validated, whom it names. */
export interface FormPost<Request extends object> {
  procedure: Procedure
  /** The form's path, which its status pages link back to, e.g. `/password/change`. */
  path: string
  /**
   * The validator: 422 with the form again (`formValidator` in form-validator.ts), counted, 429
   * past the throttle of invalid posts.
   */
  validator: MiddlewareHandler<AppEnv, string, ValidForm<Request>>
  /** The login ID the post names, for its per-login-ID window; null for the client's only. */
  loginIdOf: (request: Request) => string | null
  /**
   * The form again with the Turnstile widget, for a client past `TURNSTILE_THRESHOLD` without a
   * confirmed token (docs/operations.md#bot-check-turnstile); without it, only the 429 page.
   */
  challengePage?: (c: Context<AppEnv, string, ValidForm<Request>>) => Promise<JSX.Element>
}

/**
 * The recipe of every form POST (docs/architecture.md#route-recipes), checked in the contract's
 * order (docs/contract.md#matching-the-four-fields): 403 (another site), 413, 415/400 (not a
 * UTF-8 form), 422 (`validator`), 429 (the limits); then `handler`. Every refusal is a page in
 * the request's language linking back to `path`. Mounted at `path` by the procedure's routes.
 */
export function formPost<Request extends object>(
  post: FormPost<Request>,
  handler: (c: Context<AppEnv, string, ValidForm<Request>>) => Promise<Response>,
) {
  const { procedure, path } = post
  return new Hono<AppEnv>().post(
    '/',
    sameOriginForm(path),
    limitedBody(path),
    utf8Form(path),
    post.validator,
    formSubmissionLimits<ValidForm<Request>>(
      procedure,
      path,
      (c) => post.loginIdOf(c.req.valid('form')),
      post.challengePage,
    ),
    (c) => handler(c),
  )
}
