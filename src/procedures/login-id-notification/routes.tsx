import { Hono } from 'hono'
import { runAfterResponse } from '../../platform/background'
import type { AppEnv } from '../../platform/context'
import { formValues, validForm } from '../contact-form'
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
    validForm(loginIdNotificationForm, (c, values, errors) => (
      <LoginIdNotificationPage
        locale={c.get('locale')}
        serviceName={c.get('config').serviceName}
        values={values}
        errors={errors}
      />
    )),
    (c) => {
      const request = c.req.valid('form')
      const services = c.get('services')
      runAfterResponse(c, 'login_id_notification', () => notifyLoginIds(services, request))
      return c.redirect(`${PATH}/sent?lang=${c.get('locale')}`, 303)
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
