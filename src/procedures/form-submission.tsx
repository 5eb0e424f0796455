import type { Context, Input } from 'hono'
import { type Messages, messages } from '../i18n'
import type { Outcome, Procedure } from '../platform/audit'
import { bodyLimit } from '../platform/body-limit'
import type { AppEnv, ServiceContext } from '../platform/context'
import { sameOriginPost } from '../platform/same-origin'
import { StatusPage } from '../views/status-page'
import { unreadableFormPage } from './form-body'
import { beginProcedure, MAX_BODY_BYTES, submissionLimits } from './submission'

/** A short page in the request's language for an answer other than the form. */
export const statusPage = (
  c: Context<AppEnv>,
  formPath: string,
  status: 403 | 413 | 429 | 503,
  text: (t: Messages) => { title: string; body: string },
) => {
  const locale = c.get('locale')
  const { title, body } = text(messages(locale))
  return c.html(
    <StatusPage
      locale={locale}
      serviceName={c.env.SERVICE_NAME}
      title={title}
      body={body}
      formPath={formPath}
    />,
    status,
  )
}

/** 403 for a form posted from another site (checked before the body is read). */
export const sameOriginForm = (formPath: string) =>
  sameOriginPost({
    allowedOrigins: (c) => [new URL(c.req.url).origin, new URL(c.env.PUBLIC_BASE_URL).origin],
    onRejected: (c) => statusPage(c, formPath, 403, (t) => t.forbidden),
  })

/** 413 for a body over 16 KiB; it reads no further than that. */
export const limitedBody = (formPath: string) =>
  bodyLimit<AppEnv>({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => statusPage(c, formPath, 413, (t) => t.tooLarge),
    onIncomplete: (c) => unreadableFormPage(c, formPath),
  })

/** SPEC 6 limits for a form: past one, a 429 page saying when to try again. */
export const formSubmissionLimits = <I extends Input>(
  procedure: Procedure,
  formPath: string,
  loginIdOf: (c: Context<AppEnv, string, I>) => string | null,
) =>
  submissionLimits<I>(procedure, loginIdOf, (c, retryAfterSeconds) =>
    statusPage(c, formPath, 429, (t) => ({
      title: t.tooManyRequests.title,
      body: t.tooManyRequests.body(Math.ceil(retryAfterSeconds / 60)),
    })),
  )

/**
 * Accepts a valid form submission: the same 303 to the confirmation page whatever the procedure
 * will find, or a 503 page when D1 is down (nothing written, nothing sent).
 */
export async function acceptFormSubmission(
  c: Context<AppEnv>,
  submission: {
    procedure: Procedure
    loginId: string | null
    formPath: string
    run: (services: ServiceContext) => Promise<Outcome>
  },
): Promise<Response> {
  if (!(await beginProcedure(c, submission))) {
    return statusPage(c, submission.formPath, 503, (t) => t.unavailable)
  }
  return c.redirect(`${submission.formPath}/sent?lang=${c.get('locale')}`, 303)
}
