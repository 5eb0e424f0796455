import type { Context, Input } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { Hono } from 'hono/tiny'
import type { Procedure } from '../db/audit'
import { MAX_BODY_BYTES } from '../max-body-size'
import { bodyLimit } from '../middleware/body-limit'
import { sameOriginPost } from '../middleware/same-origin'
import type { AppEnv } from '../platform/context'
import { FORM_FIELDS, formValues, validForm } from '../procedures/contact-form'
import type { QueuedProcedure } from '../procedures/queued-procedure-types'
import { renderedOnce } from '../views/rendered-once'
import { statusPage } from './status-answer'
import { unreadableFormPage, utf8Form } from './utf8-form-page'

export { statusPage }

import { enqueueSubmission, submissionLimits } from './submission'

/** 403 for a form posted from another site (checked before the body is read). */
export const sameOriginForm = (formPath: string) =>
  sameOriginPost<AppEnv>({
    allowedOrigins: (c) => [new URL(c.req.url).origin, c.get('config').publicBaseUrl.origin],
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

/** What the person typed into the contact form's fields, from the posted body (first values). */
async function postedValues(c: Context<AppEnv>) {
  const posted = new URLSearchParams(await c.req.text())
  return formValues(Object.fromEntries(FORM_FIELDS.map((field) => [field, posted.get(field)])))
}

/**
 * The form of a queued procedure (docs/contract.md#routes): GET the form; POST checked in the contract's (docs/contract.md#matching-the-four-fields) order (403
 * cross-site, 413, 422 with the form again, 429), then enqueued and answered 303 to the one
 * confirmation page whatever the consumer will find (503 when the queue does not accept it);
 * GET the confirmation page.
 */
export function formRoutes<Request extends object, Preread>(
  procedure: QueuedProcedure<Request, Preread>,
) {
  const { name, path } = procedure
  return new Hono<AppEnv>()
    .get(
      '/',
      renderedOnce((c) => c.render(procedure.renderForm(c, formValues({}), []))),
    )
    .post(
      '/',
      sameOriginForm(path),
      limitedBody(path),
      utf8Form(path),
      validForm(name, procedure.formSchema, procedure.renderForm),
      formSubmissionLimits<{ out: { form: Request } }>(
        name,
        path,
        (c) => procedure.loginIdOf(c.req.valid('form')),
        async (c) => procedure.renderForm(c, await postedValues(c), []),
      ),
      async (c) => {
        if (!(await enqueueSubmission(c, name, c.req.valid('form'), c.get('locale')))) {
          return statusPage(c, path, 503, (t) => t.unavailable)
        }
        await procedure.onFormAccepted?.(c, c.req.valid('form'))
        return c.redirect(`${path}/sent?lang=${c.get('locale')}`, 303)
      },
    )
    .get(
      '/sent',
      renderedOnce((c) => c.render(procedure.renderSent(c))),
    )
}
