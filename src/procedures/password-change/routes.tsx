import { Hono } from 'hono/tiny'
import { recordAuditEvent } from '../../db/audit'
import { lockedOutEvents } from '../../events/catalog'
import { publishAfterResponse } from '../../events/publish'
import { formPost, statusPage } from '../../http/form-post'
import { answerUnavailable, orUnavailable, type Unavailable } from '../../http/unavailable'
import { afterResponse } from '../../platform/after-response'
import type { AppEnv } from '../../platform/context'
import type { ShownError } from '../../views/form'
import { renderedOnce } from '../../views/rendered-once'
import { passwordChangeValues, validPasswordChangeForm, wrongPasswordErrors } from './form'
import { rememberedLoginId } from './login-id-prefill'
import type { PasswordChangeRequest } from './schema'
import {
  changePassword,
  type PasswordChangeResult,
  sendCurrentPasswordSuspendedMail,
  sendPasswordChangedMail,
  sendPasswordChangeRefusedMail,
} from './service'
import { PATH, PasswordChangedPage, PasswordChangePage } from './views'

/**
 * D1 failed the change (the blocklist lookup, or the change itself): logged, audited as failed
 * with the login ID once it is valid, and answered 503; nothing was changed.
 */
const unavailable = (loginId: string | null): Unavailable => ({
  log: 'password_change_failed',
  audit: { procedure: 'password_change', loginId },
  answer: (c) => statusPage(c, PATH, 503, (t) => t.unavailable),
})

const blankForm = renderedOnce((c) =>
  c.render(<PasswordChangePage values={passwordChangeValues({})} errors={[]} />),
)

/**
 * GET and POST /password/change (`PATH` in views.tsx), GET /password/change/done
 * (docs/contract.md#password-change, #routes): the POST through the shared form recipe, the
 * change itself on the request.
 */
export const passwordChangeRoutes = new Hono<AppEnv>()
  .get(PATH, async (c) => {
    // The login ID typed on /password/initialize in this browser, if any (docs/journey.md).
    const loginId = await rememberedLoginId(c)
    if (loginId === null) return blankForm(c)
    return c.render(<PasswordChangePage values={passwordChangeValues({ loginId })} errors={[]} />)
  })
  .get(
    `${PATH}/done`,
    renderedOnce((c) =>
      c.render(<PasswordChangedPage signInUrl={c.get('services').config.signInUrl} />),
    ),
  )
  .route(
    PATH,
    formPost<PasswordChangeRequest>(
      {
        procedure: 'password_change',
        path: PATH,
        validator: validPasswordChangeForm(
          (_, values, errors) => <PasswordChangePage values={values} errors={errors} />,
          (c, error) => answerUnavailable(c, unavailable(null), error),
        ),
        loginIdOf: (request) => request.loginId,
      },
      async (c) => {
        const request = c.req.valid('form')
        const services = c.get('services')
        const locale = c.get('locale')
        /** The form again (422), its login ID kept, with `errors`. */
        const formAgain = (errors: ShownError[]) => {
          c.status(422)
          return c.render(
            <PasswordChangePage values={passwordChangeValues(request)} errors={errors} />,
          )
        }
        const audit = (outcome: PasswordChangeResult['outcome'] | 'rejected_new_password') =>
          recordAuditEvent(services, {
            procedure: 'password_change',
            outcome,
            loginId: request.loginId,
          })

        const result = await orUnavailable(c, unavailable(request.loginId), () =>
          changePassword(services, request),
        )
        if (result instanceof Response) return result
        await audit(
          'refusedFor' in result && result.refusedFor ? 'rejected_new_password' : result.outcome,
        )
        if ('refusedFor' in result && result.refusedFor) {
          // Only the holder learns that the password was right; the page answers as for a wrong one.
          const { refusedFor } = result
          afterResponse(c, 'password_change_refused_mail', () =>
            sendPasswordChangeRefusedMail(services, refusedFor, services.now()),
          )
        }

        switch (result.outcome) {
          case 'changed': {
            const { account, changedAt, passwordKind } = result
            // A failed send is logged (password_changed_mail_failed); the change stands.
            afterResponse(c, 'password_changed_mail', () =>
              sendPasswordChangedMail(services, account, changedAt),
            )
            publishAfterResponse(c, [
              { type: 'password.changed', data: { loginId: account.loginId, passwordKind } },
            ])
            // Post/redirect/get: reloading the confirmation must not post the used password again.
            return c.redirect(`${PATH}/done?lang=${locale}`, 303)
          }
          case 'locked_out': {
            const retryAfterSeconds = Math.max(
              1,
              Math.ceil((result.lockedUntil - services.now()) / 1000),
            )
            c.header('Retry-After', String(retryAfterSeconds))
            return statusPage(c, PATH, 429, (t) => ({
              title: t.passwordChange.lockedOut.title,
              body: t.passwordChange.lockedOut.body(Math.ceil(retryAfterSeconds / 60)),
            }))
          }
          default:
            publishAfterResponse(c, lockedOutEvents(request.loginId, result.lockoutStartedUntil))
            if (result.suspendedAccount) {
              const { suspendedAccount } = result
              afterResponse(c, 'current_password_suspended_mail', () =>
                sendCurrentPasswordSuspendedMail(services, suspendedAccount),
              )
            }
            // One answer for a wrong password, an unknown login ID, an inactive account and a new
            // password holding the account's name or e-mail address.
            return formAgain(wrongPasswordErrors(locale))
        }
      },
    ),
  )
