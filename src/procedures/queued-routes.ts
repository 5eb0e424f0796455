import type { Context } from 'hono'
import { Hono } from 'hono/tiny'
import { apiKeyAuth } from '../api/api-keys'
import { problem } from '../api/problem'
import { formPost } from '../http/form-post'
import { ACCEPTED_BODY, answerLocale, jsonPost } from '../http/json-post'
import { statusPage } from '../http/status-answer'
import { enqueueSubmission } from '../http/submission'
import type { AppEnv } from '../platform/context'
import { renderedOnce } from '../views/rendered-once'
import { FORM_FIELDS, formValues, validForm } from './contact-form'
import type { QueuedProcedure } from './queued-procedure-types'

/** What the person typed into the contact form's fields, from the posted body (first values). */
async function postedValues(c: Context<AppEnv>) {
  const posted = new URLSearchParams(await c.req.text())
  return formValues(Object.fromEntries(FORM_FIELDS.map((field) => [field, posted.get(field)])))
}

/**
 * The form of a queued procedure (docs/contract.md#routes), mounted at its `path`: GET the form;
 * POST through `formPost`, then enqueued and answered 303 to the one confirmation page whatever
 * the consumer will find (503 when the queue does not accept it); GET the confirmation page.
 */
export function queuedFormRoutes<Request extends object, Preread>(
  procedure: QueuedProcedure<Request, Preread>,
) {
  const { name, path } = procedure
  const post = formPost(
    {
      procedure: name,
      path,
      validator: validForm(name, procedure.formSchema, procedure.renderForm),
      loginIdOf: procedure.loginIdOf,
      challengePage: async (c) => procedure.renderForm(c, await postedValues(c), []),
    },
    async (c) => {
      if (!(await enqueueSubmission(c, name, c.req.valid('form'), c.get('locale')))) {
        return statusPage(c, path, 503, (t) => t.unavailable)
      }
      await procedure.onFormAccepted?.(c, c.req.valid('form'))
      return c.redirect(`${path}/sent?lang=${c.get('locale')}`, 303)
    },
  )
  return new Hono<AppEnv>()
    .get(
      '/',
      renderedOnce((c) => c.render(procedure.renderForm(c, formValues({}), []))),
    )
    .route('/', post)
    .get(
      '/sent',
      renderedOnce((c) => c.render(procedure.renderSent(c))),
    )
}

/**
 * The JSON route of a queued procedure (docs/contract.md#routes), mounted at `/api/v1${apiPath}`:
 * `jsonPost` with an optional key, then enqueued and answered 202 with the same body whatever
 * the consumer will find (503 when the queue does not accept it).
 */
export function queuedJsonRoutes<Request extends object, Preread>(
  procedure: QueuedProcedure<Request, Preread>,
) {
  const { name } = procedure
  return jsonPost(
    {
      procedure: name,
      auth: apiKeyAuth(),
      schema: procedure.jsonSchema,
      loginIdOf: procedure.loginIdOf,
    },
    async (c) => {
      if (!(await enqueueSubmission(c, name, c.req.valid('json'), null))) {
        return problem(c, 503, 'service-unavailable', await answerLocale(c))
      }
      return c.body(ACCEPTED_BODY, 202, { 'Content-Type': 'application/json' })
    },
  )
}
