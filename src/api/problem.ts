import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Locale } from '../i18n'
import { apiMessages, type ProblemSlug } from '../i18n/api'
import { type ErrorCode, type FieldError, fieldMessage } from './field-messages'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** One invalid field of a JSON request, as the `errors` array of a problem document lists it. */
export interface FieldProblem {
  field: string
  code: ErrorCode
  message: string
}

/** The problem types' URIs: stable identifiers under the API's path (RFC 9457 `type`). */
export const problemType = (slug: ProblemSlug) => `/api/v1/problems/${slug}`

/**
 * An `application/problem+json` answer (RFC 9457) with `type`, `title`, `status`, `detail`, the
 * `errors` array (empty unless fields were invalid) and the request ID.
 */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  slug: ProblemSlug,
  locale: Locale,
  errors: readonly FieldError[] = [],
): Response {
  const text = apiMessages(locale).problems[slug]
  const requestId: string | undefined = c.get('requestId')
  const body = {
    type: problemType(slug),
    title: text.title,
    status,
    detail: text.detail,
    errors: errors.map(
      (error): FieldProblem => ({ ...error, message: fieldMessage(locale, error) }),
    ),
    requestId,
  }
  return c.body(JSON.stringify(body), status, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Content-Language': locale,
  })
}
