import { Hono } from 'hono'
import { recordAuditEvent } from '../../platform/audit'
import { runAfterResponse } from '../../platform/background'
import type { AppEnv } from '../../platform/context'
import { errorKind, log } from '../../platform/log'
import { utf8Form } from '../form-body'
import { formSubmissionLimits, limitedBody, sameOriginForm, statusPage } from '../form-submission'
import { passwordChangeValues, validPasswordChangeForm, wrongPasswordErrors } from './form'
import { type PasswordChangeRequest, passwordChangeForm } from './schema'
import { changePassword, type PasswordChangeResult, sendPasswordChangedMail } from './service'
import { PATH, PasswordChangedPage, PasswordChangePage } from './views'

/** GET/POST /password/change and GET /password/change/done (SPEC 5, 7). */
export const passwordChangeRoutes = new Hono<AppEnv>()
  .get('/', (c) =>
    c.html(
      <PasswordChangePage
        locale={c.get('locale')}
        serviceName={c.get('config').serviceName}
        values={passwordChangeValues({})}
        errors={[]}
      />,
    ),
  )
  .get('/done', (c) =>
    c.html(
      <PasswordChangedPage locale={c.get('locale')} serviceName={c.get('config').serviceName} />,
    ),
  )
  .post(
    '/',
    sameOriginForm(PATH),
    limitedBody(PATH),
    utf8Form(PATH),
    validPasswordChangeForm('password_change', passwordChangeForm, (c, values, errors) => (
      <PasswordChangePage
        locale={c.get('locale')}
        serviceName={c.get('config').serviceName}
        values={values}
        errors={errors}
      />
    )),
    formSubmissionLimits<{ out: { form: PasswordChangeRequest } }>(
      'password_change',
      PATH,
      (c) => c.req.valid('form').loginId,
    ),
    async (c) => {
      const request = c.req.valid('form')
      const services = c.get('services')
      const locale = c.get('locale')
      const serviceName = c.get('config').serviceName
      const audit = (outcome: PasswordChangeResult['outcome'] | 'failed') =>
        recordAuditEvent(services, {
          procedure: 'password_change',
          outcome,
          loginId: request.loginId,
        })

      let result: PasswordChangeResult
      try {
        result = await changePassword(services, request)
      } catch (error) {
        log.error('password_change_failed', {
          requestId: services.requestId,
          error: errorKind(error),
        })
        await audit('failed')
        return statusPage(c, PATH, 503, (t) => t.unavailable)
      }
      await audit(result.outcome)

      switch (result.outcome) {
        case 'changed': {
          const { account, changedAt } = result
          // A failed send is logged (password_changed_mail_failed); the change stands.
          runAfterResponse(c, 'password_changed_mail', () =>
            sendPasswordChangedMail(services, account, changedAt),
          )
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
          // One answer for a wrong password, an unknown login ID and an inactive account.
          return c.html(
            <PasswordChangePage
              locale={locale}
              serviceName={serviceName}
              values={passwordChangeValues(request)}
              errors={wrongPasswordErrors(locale)}
            />,
            422,
          )
      }
    },
  )
