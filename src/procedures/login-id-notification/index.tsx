import { queuedProcedure } from '../queued-procedure'
import { loginIdNotificationForm, loginIdNotificationJson } from './schema'
import { notifyLoginIds } from './service'
import { LoginIdNotificationPage, LoginIdNotificationSentPage, PATH } from './views'

/**
 * Login ID notification (SPEC 5): `/login-id/notify` (form, confirmation page),
 * `POST /api/v1/login-id-notifications`, and its account work on the queue.
 */
export const loginIdNotification = queuedProcedure({
  name: 'login_id_notification',
  path: PATH,
  apiPath: '/login-id-notifications',
  formSchema: loginIdNotificationForm,
  jsonSchema: loginIdNotificationJson,
  loginIdOf: () => null,
  run: notifyLoginIds,
  renderForm: (c, values, errors) => (
    <LoginIdNotificationPage
      locale={c.get('locale')}
      serviceName={c.get('config').serviceName}
      values={values}
      errors={errors}
    />
  ),
  renderSent: (c) => (
    <LoginIdNotificationSentPage
      locale={c.get('locale')}
      serviceName={c.get('config').serviceName}
    />
  ),
})
