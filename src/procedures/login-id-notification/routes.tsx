import { Hono } from 'hono'
import type { AppEnv } from '../../platform/context'
import { formValues, validForm } from '../contact-form'
import { utf8Form } from '../form-body'
import {
  acceptFormSubmission,
  formSubmissionLimits,
  limitedBody,
  sameOriginForm,
} from '../form-submission'
import { loginIdNotificationForm } from './schema'
import { notifyLoginIds } from './service'
import { LoginIdNotificationPage, LoginIdNotificationSentPage, PATH } from './views'

/** GET/POST /login-id/notify and GET /login-id/notify/sent (SPEC 5, 7). */
export const loginIdNotificationRoutes = new Hono<AppEnv>()
  .get('/', (c) =>
    c.html(
      <LoginIdNotificationPage
        locale={c.get('locale')}
        serviceName={c.get('config').serviceName}
        values={formValues({})}
        errors={[]}
      />,
    ),
  )
  .post(
    '/',
    sameOriginForm(PATH),
    limitedBody(PATH),
    utf8Form(PATH),
    validForm('login_id_notification', loginIdNotificationForm, (c, values, errors) => (
      <LoginIdNotificationPage
        locale={c.get('locale')}
        serviceName={c.get('config').serviceName}
        values={values}
        errors={errors}
      />
    )),
    formSubmissionLimits('login_id_notification', PATH, () => null),
    (c) => {
      const request = c.req.valid('form')
      return acceptFormSubmission(c, {
        procedure: 'login_id_notification',
        loginId: null,
        formPath: PATH,
        run: (services) => notifyLoginIds(services, request),
      })
    },
  )
  .get('/sent', (c) =>
    c.html(
      <LoginIdNotificationSentPage
        locale={c.get('locale')}
        serviceName={c.get('config').serviceName}
      />,
    ),
  )
