import { type Hook, zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import type * as z from 'zod/mini'
import type { Procedure } from '../db/audit'
import type { Locale } from '../i18n'
import { madeOnFirstCall } from '../lazy'
import type { AppEnv } from '../platform/context'
import type { ShownError } from '../views/form'
import { keepIssueInput } from './field-errors'
import { statusPage } from './status-answer'
import { throttleInvalid } from './submission'

/** What the person typed into one field, to show it again: a repeated field shows its first value. */
export function typedValue(raw: unknown, field: string): string {
  const value =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[field] : ''
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : ''
}

/** How a form that failed validation is shown again: the values it keeps, and its errors. */
export interface FormRedisplay<V> {
  values: (raw: unknown) => V
  errors: (error: { issues: readonly z.core.$ZodIssue[] }, locale: Locale) => ShownError[]
}

/**
 * Makes a form validator for a form whose fields `redisplay` knows: the contact forms'
 * (`validForm` in procedures/contact-form.ts) and the password change's. The schema is built by
 * the first post the validator checks, not when the routes are registered.
 *
 * @example
 * const passwordChangeValidator = formValidator({ values: (raw) => …, errors: (error, locale) => … })
 */
export const formValidator =
  <V>(redisplay: FormRedisplay<V>) =>
  <T extends z.ZodMiniType>(
    procedure: Procedure,
    schema: () => T,
    renderForm: (c: Context<AppEnv>, values: V, errors: ShownError[]) => JSX.Element,
  ) => {
    const hook: Hook<z.output<T>, AppEnv, string, 'form', object, T> = async (result, c) => {
      if (result.success) return
      const retryAfterSeconds = await throttleInvalid(c, procedure)
      if (retryAfterSeconds !== null) {
        c.header('Retry-After', String(retryAfterSeconds))
        // The form posts to its own path, which the page links back to.
        return statusPage(c, c.req.path, 429, (t) => ({
          title: t.tooManyRequests.title,
          body: t.tooManyRequests.body(Math.ceil(retryAfterSeconds / 60)),
        }))
      }
      c.status(422)
      return c.render(
        renderForm(
          c,
          redisplay.values(result.data),
          redisplay.errors(result.error, c.get('locale')),
        ),
      )
    }
    return madeOnFirstCall(() =>
      zValidator<T, 'form', AppEnv, string, typeof hook>(
        'form',
        schema(),
        hook,
        keepIssueInput<T>(),
      ),
    )
  }
